// Package autoconfig finds a mail account's servers from the email address alone, the way
// Thunderbird's account wizard does, so a person who knows only their address gets working,
// encrypted settings:
//
//  1. the provider profile's mail server names (provider.MailServers, "{domain}" filled in);
//  2. the domain's own Thunderbird autoconfig file, at
//     https://autoconfig.DOMAIN/mail/config-v1.1.xml?emailaddress=ADDR and
//     https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml, and Thunderbird's list of
//     providers (the ISPDB, the same file format) for the domain;
//  3. the domain of the mail exchanger (MX): its registrable parent (mx1.mail.example.net →
//     example.net), then the same files for that domain;
//  4. common names (imap., mail., smtp. + DOMAIN) on the standard encrypted ports, kept only
//     when a live check (a Confirmer, usually the probe) says they are safe.
//
// Every fetch is HTTPS with the certificate checked, bounded in size and time, and follows at
// most one redirect, which must stay on HTTPS. A file's unencrypted ("plain") servers are never
// recommended: they are kept apart in Result.Unsafe so the person can be told why they were
// left out.
//
// Result.Account turns what was found into a tlsguide.Account for the Thunderbird and Apple
// settings files. The package never imports Fyne; internal/plain words its errors and sources.
package autoconfig
