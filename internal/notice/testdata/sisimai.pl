#!/usr/bin/perl
# Reads each file named on the command line with Debian's libsisimai-perl and prints
# "file<TAB>reason,reason" (one reason per recipient; nothing when sisimai sees no notice).
# The Go test compares these with notice.Read.
use strict;
use warnings;
use Sisimai;

for my $f (@ARGV) {
    my $v = eval { Sisimai->make($f, 'delivered' => 1, 'vacation' => 1) };
    my @r = $v ? map { $_->reason } @$v : ();
    print $f, "\t", join(',', @r), "\n";
}
