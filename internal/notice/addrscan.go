package notice

// findAddrs is regexp.MustCompile(addrExpr).FindAllString(s, n) written out by hand: the
// expression starts with a class, so the regexp package tries it at every byte of a notice,
// and reading the corpus spent a tenth of its time there. addrscan_test.go holds the
// expression and checks the two agree.
//
// A match starts where a run of local-part bytes begins and ends just before an "@", takes
// every domain label after it (each a run of domain bytes after a dot), and ends with the
// last label that starts with two letters, at the end of those letters: that is where the
// expression's greedy repetition settles when it backs off label by label.
func findAddrs(s string, n int) []string {
	var out []string
	for i := 0; i < len(s) && (n < 0 || len(out) < n); {
		if !localByte[s[i]] {
			i++
			continue
		}
		start := i
		for i < len(s) && localByte[s[i]] {
			i++
		}
		if i == len(s) || s[i] != '@' {
			continue
		}
		if end := domainEnd(s, i+1); end > 0 {
			out = append(out, s[start:end])
			i = end
			continue
		}
		i++ // no address from this run: the next can start only after the "@"
	}
	return out
}

// domainEnd is where an address's domain starting at i ends, or 0 when there is none.
func domainEnd(s string, i int) int {
	j := i
	for j < len(s) && domainByte[s[j]] {
		j++
	}
	if j == i {
		return 0
	}
	end := 0
	for j+1 < len(s) && s[j] == '.' && domainByte[s[j+1]] {
		k := j + 1
		letters := k
		for letters < len(s) && isLetter(s[letters]) {
			letters++
		}
		for j = k; j < len(s) && domainByte[s[j]]; j++ {
		}
		if letters-k >= 2 {
			end = letters
		}
	}
	return end
}

var localByte, domainByte = func() (l, d [256]bool) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		alnum := isLetter(b) || isDigit(b)
		d[c] = alnum || b == '-'
		l[c] = alnum || indexByte("._%+-=/'!#$&*?^{|}~", b)
	}
	return l, d
}()

func indexByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
