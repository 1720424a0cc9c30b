package mailmsg

// X500Name is the last CN of an Exchange X.500 name ("/O=Org/OU=Group/CN=Recipients/CN=jdoe"
// gives "jdoe"), the nearest thing it holds to a person's name, or "". The .msg converter
// names an Exchange-only sender by it when Outlook kept no display name.
func X500Name(dn string) string { return x500Name(dn) }
