// Package assets embeds the app's icon and other resources. It stays free of Fyne so that
// anything may use the bytes; the ui package wraps them as Fyne resources.
package assets

import _ "embed"

// IconPNG is the app icon, 512×512, rendered from icon.svg.
//
//go:embed icon.png
var IconPNG []byte
