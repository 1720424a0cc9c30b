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

// ID is the app's reverse-DNS identity: Fyne's preferences folder, the Linux desktop entry
// and AppStream component, the macOS bundle. FyneApp.toml repeats it.
const ID = "app.reportmail.desktop"

// Licence is what the About box says about copying. No licence has been chosen for the
// project yet, so the law's default stands; the owners change this line, the AppStream
// file's project_license and add a LICENSE file together when they choose one.
const Licence = "Copyright © the Report Mail developers. All rights reserved."

// Website is where people find the app and its news.
const Website = "https://github.com/reportmail/reportmail"
