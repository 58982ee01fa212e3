package contract

// NeutralizeFormula makes a CSV cell that a spreadsheet would take for a
// formula read as text, as OWASP's CSV injection guidance recommends: a
// cell starting with =, +, -, @, a tab or a carriage return gets a single
// quote in front. Any text a customer wrote (a description planting
// =HYPERLINK(…)) thus opens as text in the operator's spreadsheet; the
// price is that a value such as a phone number "+33 1 23 45 67 89" reads
// "'+33 1 23 45 67 89".
func NeutralizeFormula(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
