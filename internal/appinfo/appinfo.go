// Package appinfo is the app's name and version, in one place for the CLI's version
// command, the report's summary and X-Mailer, and the desktop app. FyneApp.toml repeats
// them for Fyne's packager; a test keeps the two the same.
package appinfo

// Name is what people and the desk call the app.
const Name = "Report Mail"

// Version is the release. A variable, not a constant, so a release build can stamp it:
//
//	go build -ldflags "-X github.com/reportmail/reportmail/internal/appinfo.Version=1.2.3"
var Version = "0.1.0"
