package seed

import (
	"strconv"
	"time"

	"github.com/incidentd/incidentd/incident"
)

const (
	minDescription = 40
	maxDescription = 600
)

// describe writes an incident's description the way its author would:
// supervision alarms in the bilingual form of the published guide
// ("Alarme détectée a la supervision/Alarm detected in supervision Line
// unavailability"), customers in the language of their site. It appends
// fixed fragments to a reused buffer: no fmt, one allocation.
func (g *Generator) describe(inc *incident.Incident, s *site, kind *serviceKind) string {
	r := g.r
	b := g.buf[:0]
	symptom := oneOf(r, kind.symptoms)
	french := s.lang.writesFrench()
	where := ""
	if inc.Location != nil {
		where = s.city
	}

	switch {
	case inc.Origin == incident.OriginProactive:
		b = append(b, oneOf(r, alarmOpeners)...)
		b = append(b, ' ')
		b = append(b, symptom.en...)
		if chance(r, 0.6) {
			b = append(b, " - "...)
			b = append(b, oneOf(r, kind.details)...)
		}
		if chance(r, 0.3) {
			b = append(b, " Service "...)
			b = append(b, inc.Service.ID...)
			if where != "" {
				b = append(b, ", "...)
				b = append(b, where...)
			}
			b = append(b, '.')
		}
		if chance(r, 0.15) {
			b = append(b, ' ')
			b = append(b, oneOf(r, technicalExcerpts)...)
		}
	case isRequest(inc.Type):
		requests, forService := changeRequestsEN, " for service "
		if inc.Type == incident.TypeInformation {
			requests = informationEN
		}
		if french {
			requests, forService = changeRequestsFR, " pour le service "
			if inc.Type == incident.TypeInformation {
				requests = informationFR
			}
		}
		b = append(b, oneOf(r, requests)...)
		b = append(b, forService...)
		b = append(b, inc.Service.Name...)
		b = append(b, " ("...)
		b = append(b, inc.Service.ID...)
		b = append(b, ")."...)
	default:
		since := inc.CreatedAt.Add(-millis(r, 0, 3*time.Hour))
		if french {
			b = append(b, symptom.fr...)
			if where != "" {
				b = append(b, " sur le site "...)
				b = appendOf(b, where)
			}
			b = append(b, " depuis "...)
			b = appendTwo(b, since.Hour())
			b = append(b, 'h')
			b = appendTwo(b, since.Minute())
		} else {
			b = append(b, symptom.en...)
			if where != "" {
				b = append(b, " at our "...)
				b = append(b, where...)
				b = append(b, " site"...)
			}
			b = append(b, " since "...)
			b = appendTwo(b, since.Hour())
			b = append(b, ':')
			b = appendTwo(b, since.Minute())
			b = append(b, " UTC"...)
		}
		b = append(b, '.')
	}

	context := customerContextEN
	switch {
	case french && isRequest(inc.Type):
		context = requestContextFR
	case french:
		context = customerContextFR
	case isRequest(inc.Type):
		context = requestContextEN
	}
	// Reporters add context, some at length; short texts always get some.
	extra := r.IntN(4)
	switch {
	case inc.Origin == incident.OriginProactive:
		extra = 0
	case chance(r, 0.1):
		extra = 5 + r.IntN(5)
	}
	start := r.IntN(len(context))
	for i := 0; i < extra || len(b) < minDescription; i++ {
		sentence := context[(start+i)%len(context)]
		if i >= len(context) && len(b) >= minDescription || len(b)+1+len(sentence) > maxDescription {
			break
		}
		b = append(b, ' ')
		b = append(b, sentence...)
	}
	if len(b) > maxDescription {
		b = b[:lastSpaceBefore(b, maxDescription)]
	}
	g.buf = b
	return string(b)
}

// nextReference numbers the customer's own ticket: its prefix and an
// increasing number.
func (g *Generator) nextReference(p *profile) string {
	p.refNext += 1 + int64(g.r.IntN(3))
	b := append(g.buf[:0], p.refPrefix...)
	var digits [20]byte
	n := strconv.AppendInt(digits[:0], p.refNext, 10)
	for i := len(n); i < p.refDigits; i++ {
		b = append(b, '0')
	}
	b = append(b, n...)
	g.buf = b
	return string(b)
}

// appendOf writes the French "de <name>", elided before a vowel.
func appendOf(b []byte, name string) []byte {
	switch name[0] {
	case 'A', 'E', 'I', 'O', 'U', 'Y', 0xC3: // 0xC3 starts É, È, Î…
		b = append(b, "d'"...)
	default:
		b = append(b, "de "...)
	}
	return append(b, name...)
}

func appendTwo(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// lastSpaceBefore finds where to cut a text to at most n bytes without
// splitting a word, or at least a UTF-8 sequence.
func lastSpaceBefore(b []byte, n int) int {
	for i := n; i > minDescription; i-- {
		if b[i] == ' ' {
			return i
		}
	}
	for n > 0 && b[n]&0xC0 == 0x80 {
		n--
	}
	return n
}
