package seed

import "strconv"

// language is the language a site speaks: its contacts' names, its
// customers' written reports and its street format follow it.
type language int

const (
	langFR language = iota
	langEN
	langDE
	langES
	langIT
	langNL
	langAR // Moroccan names; reports are written in French
)

// writesFrench reports whether a site of this language reports incidents in
// French.
func (l language) writesFrench() bool { return l == langFR || l == langAR }

type country struct {
	code   string // ISO 3166-1 alpha-2
	weight uint32
	lang   language
	// numberFirst: "12 rue Pasteur" rather than "Hauptstraße 12".
	numberFirst bool
	// phoneGroups are the digit groups after the area code.
	phoneGroups []int
	streets     []string
	cities      []city
}

type city struct {
	name string
	abbr string // three letters, for location ids
	// phone is the country and area prefix ("+33 1").
	phone       string
	postalCodes []string
}

// countries are the countries of customer sites; France dominates, as for a
// French provider with European and international customers.
var countries = []country{
	{code: "FR", weight: 620, lang: langFR, numberFirst: true, phoneGroups: []int{2, 2, 2, 2},
		streets: []string{"rue de la République", "avenue Jean Jaurès", "boulevard Haussmann", "rue Victor Hugo",
			"place de la Gare", "rue du Général de Gaulle", "allée des Tilleuls", "rue Pasteur",
			"avenue de la Libération", "rue de l'Industrie", "boulevard Gambetta", "rue des Entrepreneurs",
			"avenue des Champs-Élysées", "quai de la Loire", "rue Nationale", "chemin des Vignes",
			"rue du Commerce", "avenue de Verdun", "rue Jean Moulin", "parc d'activités des Bruyères"},
		cities: []city{
			{"Paris", "PAR", "+33 1", codeRange(75001, 75020, 5)},
			{"Lyon", "LYS", "+33 4", codeRange(69001, 69009, 5)},
			{"Marseille", "MRS", "+33 4", codeRange(13001, 13016, 5)},
			{"Toulouse", "TLS", "+33 5", []string{"31000", "31100", "31200", "31300", "31400", "31500"}},
			{"Nice", "NCE", "+33 4", []string{"06000", "06100", "06200", "06300"}},
			{"Nantes", "NTE", "+33 2", []string{"44000", "44100", "44200", "44300"}},
			{"Strasbourg", "SXB", "+33 3", []string{"67000", "67100", "67200"}},
			{"Montpellier", "MPL", "+33 4", []string{"34000", "34070", "34080", "34090"}},
			{"Bordeaux", "BOD", "+33 5", []string{"33000", "33100", "33200", "33300", "33800"}},
			{"Lille", "LIL", "+33 3", []string{"59000", "59160", "59260", "59777", "59800"}},
			{"Rennes", "RNS", "+33 2", []string{"35000", "35200", "35700"}},
			{"Reims", "RHE", "+33 3", []string{"51100"}},
			{"Le Havre", "LEH", "+33 2", []string{"76600", "76610", "76620"}},
			{"Saint-Étienne", "EBU", "+33 4", []string{"42000", "42100"}},
			{"Toulon", "TLN", "+33 4", []string{"83000", "83100", "83200"}},
			{"Grenoble", "GNB", "+33 4", []string{"38000", "38100"}},
			{"Dijon", "DIJ", "+33 3", []string{"21000"}},
			{"Angers", "ANE", "+33 2", []string{"49000", "49100"}},
			{"Clermont-Ferrand", "CFE", "+33 4", []string{"63000", "63100"}},
			{"Le Mans", "LME", "+33 2", []string{"72000", "72100"}},
			{"Aix-en-Provence", "QXB", "+33 4", []string{"13090", "13100", "13290"}},
			{"Brest", "BES", "+33 2", []string{"29200"}},
			{"Tours", "TUF", "+33 2", []string{"37000", "37100", "37200"}},
			{"Amiens", "QAM", "+33 3", []string{"80000", "80090"}},
			{"Limoges", "LIG", "+33 5", []string{"87000", "87100"}},
			{"Annecy", "NCY", "+33 4", []string{"74000", "74370"}},
			{"Metz", "MZM", "+33 3", []string{"57000", "57050", "57070"}},
			{"Rouen", "URO", "+33 2", []string{"76000", "76100"}},
			{"Caen", "CFR", "+33 2", []string{"14000"}},
			{"Orléans", "ORL", "+33 2", []string{"45000", "45100"}},
			{"Nancy", "ENC", "+33 3", []string{"54000", "54100"}},
			{"Puteaux", "PUT", "+33 1", []string{"92800"}},
			{"Boulogne-Billancourt", "BBI", "+33 1", []string{"92100"}},
			{"Issy-les-Moulineaux", "ISS", "+33 1", []string{"92130"}},
			{"Rungis", "RUN", "+33 1", []string{"94150"}},
			{"Valbonne Sophia Antipolis", "SOP", "+33 4", []string{"06560"}},
			{"Roissy-en-France", "CDG", "+33 1", []string{"95700"}},
			{"Cesson-Sévigné", "CSV", "+33 2", []string{"35510"}},
		}},
	{code: "BE", weight: 60, lang: langFR, phoneGroups: []int{3, 2, 2},
		streets: []string{"Rue de la Loi", "Avenue Louise", "Boulevard Anspach", "Rue Neuve", "Chaussée de Wavre",
			"Kerkstraat", "Stationsstraat", "Meir", "Rue Saint-Gilles", "Avenue de Tervueren"},
		cities: []city{
			{"Bruxelles", "BRU", "+32 2", []string{"1000", "1040", "1050", "1060", "1210"}},
			{"Antwerpen", "ANR", "+32 3", []string{"2000", "2018", "2030"}},
			{"Gent", "GNE", "+32 9", []string{"9000", "9050"}},
			{"Liège", "LGG", "+32 4", []string{"4000", "4020"}},
			{"Charleroi", "CRL", "+32 71", []string{"6000"}},
			{"Namur", "QNM", "+32 81", []string{"5000"}},
			{"Leuven", "LEU", "+32 16", []string{"3000"}},
			{"Zaventem", "ZAV", "+32 2", []string{"1930"}},
		}},
	{code: "DE", weight: 60, lang: langDE, phoneGroups: []int{7},
		streets: []string{"Hauptstraße", "Bahnhofstraße", "Industriestraße", "Friedrichstraße", "Schillerstraße",
			"Goethestraße", "Lindenstraße", "Gewerbepark", "Königsallee", "Mainzer Landstraße"},
		cities: []city{
			{"Berlin", "BER", "+49 30", []string{"10115", "10178", "10557", "10785", "12489"}},
			{"Hamburg", "HAM", "+49 40", []string{"20095", "20457", "22297"}},
			{"München", "MUC", "+49 89", []string{"80331", "80335", "81829"}},
			{"Köln", "CGN", "+49 221", []string{"50667", "50670", "50823"}},
			{"Frankfurt am Main", "FRA", "+49 69", []string{"60311", "60327", "60549"}},
			{"Stuttgart", "STR", "+49 711", []string{"70173", "70565"}},
			{"Düsseldorf", "DUS", "+49 211", []string{"40210", "40212", "40474"}},
			{"Leipzig", "LEJ", "+49 341", []string{"04109", "04129"}},
		}},
	{code: "ES", weight: 50, lang: langES, phoneGroups: []int{3, 2, 2},
		streets: []string{"Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de la Castellana",
			"Gran Vía", "Calle del Comercio", "Avenida Diagonal", "Calle de la Industria"},
		cities: []city{
			{"Madrid", "MAD", "+34 91", []string{"28001", "28013", "28020", "28046", "28050"}},
			{"Barcelona", "BCN", "+34 93", []string{"08001", "08018", "08029", "08040"}},
			{"Valencia", "VLC", "+34 96", []string{"46001", "46021"}},
			{"Sevilla", "SVQ", "+34 95", []string{"41001", "41092"}},
			{"Zaragoza", "ZAZ", "+34 976", []string{"50001", "50197"}},
			{"Bilbao", "BIO", "+34 94", []string{"48001", "48009"}},
			{"Málaga", "AGP", "+34 95", []string{"29001", "29590"}},
		}},
	{code: "IT", weight: 50, lang: langIT, phoneGroups: []int{4, 4},
		streets: []string{"Via Roma", "Corso Italia", "Via Garibaldi", "Via Dante Alighieri", "Viale della Repubblica",
			"Via Mazzini", "Via dell'Industria", "Corso Buenos Aires"},
		cities: []city{
			{"Milano", "MIL", "+39 02", []string{"20121", "20124", "20139", "20158"}},
			{"Roma", "ROM", "+39 06", []string{"00118", "00144", "00185", "00198"}},
			{"Torino", "TRN", "+39 011", []string{"10121", "10128", "10156"}},
			{"Napoli", "NAP", "+39 081", []string{"80121", "80143"}},
			{"Bologna", "BLQ", "+39 051", []string{"40121", "40132"}},
			{"Firenze", "FLR", "+39 055", []string{"50121", "50127"}},
			{"Genova", "GOA", "+39 010", []string{"16121", "16152"}},
		}},
	{code: "GB", weight: 50, lang: langEN, numberFirst: true, phoneGroups: []int{4, 4},
		streets: []string{"High Street", "Station Road", "Church Lane", "Victoria Road", "King Street",
			"Queen Street", "Park Road", "Mill Lane", "Commercial Street", "Bishopsgate"},
		cities: []city{
			{"London", "LON", "+44 20", []string{"EC2V 7HH", "EC1A 4JQ", "WC2N 5DU", "SE1 9SG", "E14 5AB", "W1D 3QF", "N1 9GU"}},
			{"Manchester", "MAN", "+44 161", []string{"M1 1AE", "M2 3AW", "M3 4LZ", "M4 5JD"}},
			{"Birmingham", "BHX", "+44 121", []string{"B1 1BB", "B2 4QA", "B3 2HJ"}},
			{"Leeds", "LBA", "+44 113", []string{"LS1 4DY", "LS2 7EY"}},
			{"Glasgow", "GLA", "+44 141", []string{"G1 1XQ", "G2 6DU"}},
			{"Edinburgh", "EDI", "+44 131", []string{"EH1 1YZ", "EH2 2ER", "EH3 9QG"}},
			{"Bristol", "BRS", "+44 117", []string{"BS1 4DJ", "BS2 0JA"}},
			{"Reading", "RDG", "+44 118", []string{"RG1 1AF", "RG2 6UB"}},
		}},
	{code: "NL", weight: 30, lang: langNL, phoneGroups: []int{3, 4},
		streets: []string{"Kerkstraat", "Stationsweg", "Dorpsstraat", "Keizersgracht", "Industrieweg", "Marktplein", "Coolsingel"},
		cities: []city{
			{"Amsterdam", "AMS", "+31 20", []string{"1012 AB", "1017 CE", "1043 GR", "1082 MD"}},
			{"Rotterdam", "RTM", "+31 10", []string{"3011 AD", "3012 CL", "3072 AP"}},
			{"Den Haag", "HAG", "+31 70", []string{"2511 BT", "2595 AA"}},
			{"Utrecht", "UTC", "+31 30", []string{"3511 CE", "3528 BJ"}},
			{"Eindhoven", "EIN", "+31 40", []string{"5611 AZ", "5656 AE"}},
			{"Schiphol", "SPL", "+31 20", []string{"1118 CP"}},
		}},
	{code: "CH", weight: 30, lang: langFR, phoneGroups: []int{3, 2, 2},
		streets: []string{"Rue du Rhône", "Bahnhofstrasse", "Avenue de la Gare", "Rue de Lausanne", "Route de Meyrin", "Seestrasse"},
		cities: []city{
			{"Genève", "GVA", "+41 22", []string{"1201", "1204", "1207", "1217"}},
			{"Zürich", "ZRH", "+41 44", []string{"8001", "8005", "8050"}},
			{"Lausanne", "QLS", "+41 21", []string{"1003", "1007", "1015"}},
			{"Basel", "BSL", "+41 61", []string{"4001", "4051"}},
			{"Bern", "BRN", "+41 31", []string{"3001", "3011"}},
		}},
	{code: "US", weight: 20, lang: langEN, numberFirst: true, phoneGroups: []int{3, 4},
		streets: []string{"Fifth Avenue", "Main Street", "Market Street", "Broadway", "Park Avenue", "Peachtree Street", "Michigan Avenue"},
		cities: []city{
			{"New York", "NYC", "+1 212", []string{"10001", "10017", "10022", "10036"}},
			{"Chicago", "CHI", "+1 312", []string{"60601", "60606", "60611"}},
			{"San Francisco", "SFO", "+1 415", []string{"94103", "94105", "94111"}},
			{"Boston", "BOS", "+1 617", []string{"02108", "02110", "02116"}},
			{"Atlanta", "ATL", "+1 404", []string{"30303", "30308"}},
			{"Dallas", "DFW", "+1 214", []string{"75201", "75202"}},
		}},
	{code: "MA", weight: 20, lang: langAR, numberFirst: true, phoneGroups: []int{2, 2, 2},
		streets: []string{"Boulevard Mohammed V", "Rue Ibn Batouta", "Boulevard d'Anfa", "Avenue Hassan II", "Boulevard Zerktouni", "Rue Allal Ben Abdellah"},
		cities: []city{
			{"Casablanca", "CAS", "+212 522", []string{"20000", "20050", "20100", "20250"}},
			{"Rabat", "RBA", "+212 537", []string{"10000", "10020", "10100"}},
			{"Tanger", "TNG", "+212 539", []string{"90000", "90060"}},
			{"Marrakech", "RAK", "+212 524", []string{"40000", "40020"}},
		}},
	{code: "PT", weight: 8, lang: langES, phoneGroups: []int{3, 3},
		streets: []string{"Avenida da Liberdade", "Rua Augusta", "Rua de Santa Catarina", "Avenida da Boavista"},
		cities: []city{
			{"Lisboa", "LIS", "+351 21", []string{"1050-094", "1250-096", "1990-096"}},
			{"Porto", "OPO", "+351 22", []string{"4000-322", "4100-138"}},
		}},
	{code: "LU", weight: 8, lang: langFR, phoneGroups: []int{2, 2, 2},
		streets: []string{"Boulevard Royal", "Avenue John F. Kennedy", "Rue du Fossé", "Route d'Arlon"},
		cities: []city{
			{"Luxembourg", "LUX", "+352", []string{"L-1150", "L-1855", "L-2449", "L-2953"}},
		}},
	{code: "PL", weight: 6, lang: langEN, phoneGroups: []int{3, 2, 2},
		streets: []string{"ulica Marszałkowska", "aleje Jerozolimskie", "ulica Prosta", "ulica Grzybowska"},
		cities: []city{
			{"Warszawa", "WAW", "+48 22", []string{"00-001", "00-120", "00-844"}},
			{"Kraków", "KRK", "+48 12", []string{"30-001", "31-154"}},
		}},
	{code: "SN", weight: 4, lang: langFR, phoneGroups: []int{3, 2, 2},
		streets: []string{"Avenue Léopold Sédar Senghor", "Boulevard de la République", "Rue Carnot"},
		cities: []city{
			{"Dakar", "DKR", "+221 33", []string{"10200", "10700", "11000"}},
		}},
	{code: "SG", weight: 4, lang: langEN, phoneGroups: []int{4, 4},
		streets: []string{"Raffles Place", "Shenton Way", "Marina Boulevard", "Robinson Road"},
		cities: []city{
			{"Singapore", "SIN", "+65", []string{"048623", "068809", "018989"}},
		}},
}

// countryByCode finds a country of the list.
func countryByCode(code string) *country {
	for i := range countries {
		if countries[i].code == code {
			return &countries[i]
		}
	}
	return nil
}

// codeRange lists the numeric postal codes lo..hi, zero-padded to width.
func codeRange(lo, hi, width int) []string {
	out := make([]string, 0, hi-lo+1)
	for n := lo; n <= hi; n++ {
		s := strconv.Itoa(n)
		for len(s) < width {
			s = "0" + s
		}
		out = append(out, s)
	}
	return out
}
