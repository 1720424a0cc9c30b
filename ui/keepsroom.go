package ui

import "fyne.io/fyne/v2"

// keepsRoom lays out one object and takes its room even while it is hidden, so showing or
// hiding it (the zip password when "virus" is chosen) never moves what is under the
// pointer: in a scrolled card, a part that shrinks pulls everything below it up.
type keepsRoom struct{}

func (keepsRoom) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (keepsRoom) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
