package mailmsg

// zones gives named zones their offsets in seconds. RFC 5322 §4.3 defines UT, GMT and the
// North American names; for any other name it says to read "-0000" unless there is
// out-of-band information, and this table is that information for the names people meet.
//
// Ambiguous names, and the meaning taken:
//   - IST: India Standard Time (+05:30), the most common in mail; Irish Standard Time (+01:00)
//     and Israel Standard Time (+02:00) also use it.
//   - BST: British Summer Time (+01:00); Bangladesh Standard Time (+06:00) also uses it.
//   - CST: US Central (-06:00) as RFC 5322 §4.3 defines it; China Standard Time (+08:00)
//     and Cuba use it too.
//
// Date.ZoneAmbiguous is set for these so a caller can say the instant is a reading.
var zones = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -5 * h, "EDT": -4 * h, "CST": -6 * h, "CDT": -5 * h,
	"MST": -7 * h, "MDT": -6 * h, "PST": -8 * h, "PDT": -7 * h,
	"AKST": -9 * h, "AKDT": -8 * h, "HST": -10 * h,
	"WEST": 1 * h, "BST": 1 * h, "IST": 5*h + 30*60,
	"CET": 1 * h, "CEST": 2 * h, "MET": 1 * h, "MEST": 2 * h,
	"EET": 2 * h, "EEST": 3 * h, "MSK": 3 * h,
	"JST": 9 * h, "KST": 9 * h, "HKT": 8 * h, "SGT": 8 * h,
	"AEST": 10 * h, "AEDT": 11 * h, "ACST": 9*h + 30*60, "ACDT": 10*h + 30*60, "AWST": 8 * h,
	"NZST": 12 * h, "NZDT": 13 * h,
}

const h = 3600

// rfcZones are the names RFC 5322 §4.3 itself defines (obs-zone).
var rfcZones = map[string]bool{"UT": true, "GMT": true, "EST": true, "EDT": true, "CST": true,
	"CDT": true, "MST": true, "MDT": true, "PST": true, "PDT": true, "Z": true}

var ambiguousZones = map[string]bool{"IST": true, "BST": true, "CST": true}
