// Package guidance holds, as data, how a person gets the original email out of the mail
// program they use. The check's advice and the desktop app's step-by-step view both read it.
package guidance

import (
	_ "embed"
	"encoding/json"
)

// Client is one mail program and the steps that save an email in its original form.
type Client struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Steps []string `json:"steps"`
	Note  string   `json:"note,omitempty"`
}

//go:embed clients.json
var clientsJSON []byte

var clients = mustLoad(clientsJSON)

func mustLoad(b []byte) []Client {
	var cs []Client
	if err := json.Unmarshal(b, &cs); err != nil {
		panic("guidance: clients.json: " + err.Error()) // caught by the package tests
	}
	return cs
}

// Clients lists every mail program we have steps for, most common first.
func Clients() []Client {
	return append([]Client(nil), clients...)
}

// ByID returns the steps for one mail program.
func ByID(id string) (Client, bool) {
	for _, c := range clients {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}

// SaveOriginal is the short, client-by-client advice for getting the original email, used
// wherever a finding says "this is not the original".
const SaveOriginal = "Save the email itself as a file and use that file: " +
	"in Outlook, drag the email to your desktop; " +
	"in Outlook on the web, use More actions, then Save (or View message source and Paste); " +
	"in Gmail, use More, then Show original, then Download original; " +
	"in Thunderbird, use File, then Save As; " +
	"in Mac Mail, drag the email to your desktop; " +
	"in Lotus or IBM Notes 8.5.2 or newer, use File, then Save As, as .eml; " +
	"in other webmail, copy the View source text. " +
	"Do this on a computer: phones cannot save the original."

// DragFirst explains why dropping straight from Outlook or Apple Mail delivers nothing.
const DragFirst = "Outlook and Mac Mail do not hand over an email dragged straight into another " +
	"program. Drag the email to your desktop first, then drop the file from the desktop here."
