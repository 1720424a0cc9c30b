// Package mailmsg is the one reader of mail for every other package: the header block with
// byte offsets and damaged lines survived, media types with RFC 2231 parameters, the MIME
// walk with limits, transfer decoding and the 8-bit transport test, encoded words and
// charsets with one fallback rule, dates with obsolete forms and named zones, addresses
// (groups, Exchange X.500 senders), forward and reply subject prefixes, and the sender rule
// for rejection notices. Nothing here fails on bad input: readers return what they could read
// and say what they guessed (Warning, Damage, Problem, Date flags).
//
// It reuses go-message's charset table; its parsers cannot be used where they stop at the
// first bad line or keep no offsets, and each such place says why in a QUIRK comment.
//
// What each name replaces (old copies, to be deleted in the migration):
//
//	ParseHeader, Header, Field        intake parseFields/bodyStart/field; check parseHeader/header;
//	                                  outlookmsg parseTransport/fieldName (Part: true for MIME parts)
//	Header.Get/Lookup/Has/All          intake get/has; check header.get/has/all; outlookmsg hasField
//	Field.Value                        intake unfold; check unfold (16 KiB cap: MaxValue)
//	IsFieldLine, IsFromLine            intake isHeaderLine/isFieldName, mbox "From " test
//	Header.LooksLikeMail, CommonField  check header.looksLikeMail/mailFields; intake looksLikeMessage's names
//	ParseMediaType, MediaType.Or       intake parseMediaType/joinRFC2231; check parseValue/mediaType;
//	                                   outlookmsg attach.go mime.ParseMediaType
//	Walk, WalkHeader, Part, Limits     intake parseEntity/splitParts/entity; check walkMIME/splitMultipart
//	Header.Received, Header.Signatures check header.received/signatures (counted past the limits)
//	LowerASCII                         check lowerASCII/upperASCII (ASCII-only folding for protocol words)
//	TransferEncoding                   intake entity.cte; check's strings.ToLower(cte)
//	Decode, DecodeBase64, DecodeQP     intake decodeBody/decodeBase64; check transferDecode/decodeBase64/decodeQP
//	Transport, Hold                    report transferEncoding/hold (wording stays in report)
//	SevenBitClean, EightBitClean       outlookmsg sevenBitClean/eightBitClean/lineClean
//	Has8Bit                            send.Has8Bit
//	DecodeWords, Text, Header.Text     intake display/wordDecoder; check decodeWords/decodeText;
//	                                   outlookmsg decodeWords; emlx attachmentName's decoding; ui picker (via intake)
//	HeaderText, FallbackText           check toUTF8/toUTF8Hint
//	DecodeCharset, KnownCharset        check decodeCharset; intake toUTF8
//	OneLine, Shorten                   report oneLine/truncateRunes; check cleanSpace; intake display's cut
//	ParseDate, Date                    check parseDate/fixZone/normaliseDate; intake mboxDate;
//	                                   check textexport's mail.ParseDate
//	ParseAddressList, Address          check decodeAddresses (net/mail); report address's parsing
//	FormatAddresses                    check decodeAddresses's rendering
//	FormatMailbox, PlausibleAddress    outlookmsg person.format/plausibleAddress
//	FormatFrom                         new: outlookmsg's From for an Exchange-only sender (issue 9 item 5)
//	ParseSubject, SubjectInfo          intake forwardSubject; check forwardSubject/forwardPrefixes
//	IsNoticeSender, NullReturnPath     check bounceSenders; intake isBounce's sender and Return-Path part
package mailmsg
