package report

import (
	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Settled is o with the defaults Build would take written in: the subject prefix and the
// app's name and version. The outbox keeps it so that a report built again later, by a newer
// version or after the provider profile changed, says what the first one said.
func (o Options) Settled() Options {
	o.SubjectPrefix = prefixFor(&o)
	o.AppName, o.AppVersion = appParts(&o)
	return o
}

// appParts is the app's name and version the report names; empty ones are this build's, so
// the desk always learns which version made it.
func appParts(o *Options) (name, version string) {
	name, version = mailmsg.OneLine(o.AppName), mailmsg.OneLine(o.AppVersion)
	if name == "" {
		name = appinfo.Name
	}
	if version == "" {
		version = appinfo.Version
	}
	return name, version
}
