package submit

import (
	"bytes"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/report"
)

const original = "Received: from mx.example.test (mx.example.test [203.0.113.9])\r\n" +
	"\tby mail.example.test; Mon, 9 Nov 2026 09:14:03 +1300\r\n" +
	"From: Prize Team <offers@deals.example.test>\r\nTo: kate@example.test\r\n" +
	"Subject: You have won\r\nDate: Mon, 9 Nov 2026 09:13:58 +1300\r\n" +
	"Message-ID: <win@deals.example.test>\r\n\r\nCaf\xe9 prizes.\r\n"

// The outbox keeps what a report was built from, so a server without 8-bit support gets
// the same report rebuilt: queue one and rebuild it from the stored inputs.
func TestQueueThenRebuildWithout8Bit(t *testing.T) {
	item, err := intake.Read("win.eml", []byte(original), intake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := check.Check(item)
	o := report.Options{Kind: report.FalseNegative, From: "kate@example.test", To: "desk@example.test",
		AppName: "Report Mail", AppVersion: "test", Now: time.Now()}
	FromCheck(&o, item, res, "/home/kate/win.eml")
	if o.OriginalName != "win.eml" || !bytes.Equal(o.Original, item.Raw) || o.Summary.Subject != "You have won" {
		t.Fatalf("FromCheck: %+v", o)
	}
	r, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	if !r.EightBit || r.Fallback {
		t.Fatalf("first build should carry the 8-bit original as it is: eightbit=%v fallback=%v", r.EightBit, r.Fallback)
	}
	ob, err := OpenOutbox(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e, err := Queue(ob, o, r)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := ob.MessageBytes(e.ID)
	if err != nil || !bytes.Equal(stored, r.Bytes) {
		t.Fatalf("stored report differs from the built one (err %v)", err)
	}
	in, err := ob.Inputs(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	in.EightBit = false
	m, err := Rebuild(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(m.Bytes, []byte("application/octet-stream")) || m.Subject != r.Subject {
		t.Errorf("rebuilt report is not the 7-bit fallback of the same report")
	}
}

func TestMsgRidesAlong(t *testing.T) {
	item := &intake.Item{Format: intake.MSG, Raw: []byte(original), Source: []byte("CFB bytes")}
	var o report.Options
	FromCheck(&o, item, &check.Result{}, "C:/Users/kate/Desktop/Prize.msg")
	if o.MsgName != "Prize.msg" || string(o.MsgSource) != "CFB bytes" {
		t.Errorf("the .msg does not ride along: %q %q", o.MsgName, o.MsgSource)
	}
}
