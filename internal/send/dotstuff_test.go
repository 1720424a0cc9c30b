package send

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"net/textproto"
	"testing"
)

// The bulk writer plus the dot-writer's close must put on the wire exactly what the
// dot-writer alone would, for every CRLF message.
func TestBulkStuffingMatchesDotWriter(t *testing.T) {
	cases := []string{
		"a\r\n", ".\r\n", "..\r\n", ".a\r\n.b\r\n", "x\r\n.\r\n", "\r\n.\r\n", "a\r\n\r\n..x\r\n",
	}
	rng := rand.New(rand.NewPCG(7, 9))
	for range 300 {
		var b bytes.Buffer
		for range rng.IntN(40) {
			for range rng.IntN(6) {
				b.WriteString([]string{".", "a", "..", " ", "x.y"}[rng.IntN(5)])
			}
			b.WriteString("\r\n")
		}
		if b.Len() > 0 {
			cases = append(cases, b.String())
		}
	}
	big := bytes.Repeat([]byte("line.\r\n.dot\r\n"), chunk/4) // crosses chunk boundaries
	cases = append(cases, string(big))
	for _, c := range cases {
		msg := []byte(c)
		if !canBulkStuff(msg) {
			t.Fatalf("%q: not bulk-stuffable", c)
		}
		var want bytes.Buffer
		tw := textproto.NewWriter(bufio.NewWriter(&want))
		dw := tw.DotWriter()
		dw.Write(msg)
		dw.Close()

		var got bytes.Buffer
		gw := textproto.NewWriter(bufio.NewWriter(&got))
		last := 0
		if err := writeStuffed(gw.W, msg[:len(msg)-2], func(done int) { last = done }); err != nil {
			t.Fatal(err)
		}
		if last != len(msg)-2 && len(msg) > 2 {
			t.Errorf("progress ended at %d of %d", last, len(msg)-2)
		}
		dw2 := gw.DotWriter()
		dw2.Write(msg[len(msg)-2:])
		dw2.Close()
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%q:\n got %q\nwant %q", c, got.Bytes(), want.Bytes())
		}
	}
}

func TestBareLineEndsKeepTheDotWriter(t *testing.T) {
	for _, c := range []string{"a\nb\r\n", "a\rb\r\n", "no end", "a\r\n\n"} {
		if canBulkStuff([]byte(c)) {
			t.Errorf("%q taken for bulk stuffing", c)
		}
	}
}
