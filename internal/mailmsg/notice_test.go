package mailmsg

import "testing"

func TestIsNoticeSender(t *testing.T) {
	for in, want := range map[string]bool{
		// Pinned (issue 9): one rule for the sender of a rejection notice.
		"MAILER-DAEMON@mx.example.test (Mail Delivery System)":   true,
		"Mail Delivery System <MAILER-DAEMON@mx.example.test>":   true,
		"Mail Delivery Subsystem <mailer-daemon@googlemail.com>": true,
		"MAILER-DAEMON": true,
		"Microsoft Outlook <postmaster@contoso.onmicrosoft.com>":                    true,
		"postmaster@example.test":                                                   true,
		"Postmaster <POSTMASTER@example.test>":                                      true,
		"MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.onmicrosoft.com": true,
		"Mail Administrator <mailadmin@example.test>":                               true,
		"mail-daemon@biglobe.ne.jp":                                                 true,
		"=?utf-8?q?Mail_Delivery_System?= <noreply@example.test>":                   true,
		"Jane Doe <jane@example.test>":                                              false,
		"postmaster-news@example.test":                                              false,
		"Daemon Tools <news@daemon-tools.test>":                                     false,
		"Ann Postmasterson <ann@example.test>":                                      false,
		"Mail Deliveryman <bob@example.test>":                                       false,
		"Mailer Daemon <poostmaster@example.co.jp>":                                 true,
		"The Postmaster <help@example.test>":                                        true,
		"":                                                                          false,
	} {
		if got := IsNoticeSender(in); got != want {
			t.Errorf("IsNoticeSender(%q) = %v, want %v", in, got, want)
		}
	}
	h := ParseHeader([]byte("Return-Path: <>\r\n\r\n"))
	if !NullReturnPath(h) || NullReturnPath(ParseHeader([]byte("Return-Path: <a@b.test>\r\n\r\n"))) {
		t.Error("NullReturnPath")
	}
}
