package hours

import "time"

// matariki holds the public holiday dates fixed by Schedule 1 of the Te Kāhui o Matariki
// Public Holiday Act 2022. The date follows the maramataka (Māori lunar calendar), so it
// cannot be computed from a rule; the Act sets dates after 2052 later, and until they are
// known we treat those years as having no Matariki holiday rather than guess.
var matariki = map[int]Date{
	2022: {2022, time.June, 24},
	2023: {2023, time.July, 14},
	2024: {2024, time.June, 28},
	2025: {2025, time.June, 20},
	2026: {2026, time.July, 10},
	2027: {2027, time.June, 25},
	2028: {2028, time.July, 14},
	2029: {2029, time.July, 6},
	2030: {2030, time.June, 21},
	2031: {2031, time.July, 11},
	2032: {2032, time.July, 2},
	2033: {2033, time.June, 24},
	2034: {2034, time.July, 7},
	2035: {2035, time.June, 29},
	2036: {2036, time.July, 18},
	2037: {2037, time.July, 10},
	2038: {2038, time.June, 25},
	2039: {2039, time.July, 15},
	2040: {2040, time.July, 6},
	2041: {2041, time.July, 19},
	2042: {2042, time.July, 11},
	2043: {2043, time.July, 3},
	2044: {2044, time.June, 24},
	2045: {2045, time.July, 7},
	2046: {2046, time.June, 29},
	2047: {2047, time.July, 19},
	2048: {2048, time.July, 3},
	2049: {2049, time.June, 25},
	2050: {2050, time.July, 15},
	2051: {2051, time.June, 30},
	2052: {2052, time.June, 21},
}

// Matariki returns the legislated Matariki holiday for year. ok is false before 2022 (no
// holiday yet) and after 2052 (not yet legislated: unknown).
func Matariki(year int) (d Date, ok bool) {
	d, ok = matariki[year]
	return d, ok
}
