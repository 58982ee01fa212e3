package seed

// names are first and last names by language, for contacts.
var names = map[language]struct{ first, last []string }{
	langFR: {
		first: []string{"Camille", "Julien", "Sophie", "Nicolas", "Claire", "Thomas", "Isabelle", "Mathieu", "Nathalie", "Antoine",
			"Émilie", "Sébastien", "Aurélie", "Laurent", "Céline", "Pierre", "Marion", "Guillaume", "Hélène", "François"},
		last: []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
			"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
			"Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand"},
	},
	langEN: {
		first: []string{"James", "Olivia", "William", "Emma", "Oliver", "Charlotte", "Harry", "Amelia", "George", "Sophia",
			"Michael", "Emily", "David", "Jessica", "Daniel", "Sarah"},
		last: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
			"Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Clarke"},
	},
	langDE: {
		first: []string{"Lukas", "Anna", "Maximilian", "Lena", "Felix", "Julia", "Jonas", "Laura", "Tobias", "Katharina", "Stefan", "Sabine"},
		last: []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
			"Koch", "Richter", "Klein", "Wolf"},
	},
	langES: {
		first: []string{"Lucía", "Hugo", "María", "Martín", "Paula", "Pablo", "Carmen", "Javier", "Elena", "Alejandro", "Ana", "Diego"},
		last: []string{"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
			"Jiménez", "Ruiz", "Silva", "Costa"},
	},
	langIT: {
		first: []string{"Giulia", "Leonardo", "Sofia", "Francesco", "Aurora", "Alessandro", "Chiara", "Lorenzo", "Martina", "Matteo"},
		last:  []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"},
	},
	langNL: {
		first: []string{"Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Finn", "Sanne", "Bram", "Fleur"},
		last:  []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer"},
	},
	langAR: {
		first: []string{"Youssef", "Fatima", "Mohamed", "Salma", "Amine", "Khadija", "Omar", "Imane", "Mehdi", "Nadia"},
		last:  []string{"Alaoui", "Benali", "El Idrissi", "Bennani", "Tazi", "Chraibi", "Berrada", "El Fassi", "Amrani", "Kettani"},
	},
}

// Company names are made of a stem, an activity and a legal form that
// depends on the country of the head office.
var (
	companyStems = []string{"Atlantique", "Boréal", "Cèdre", "Dauphiné", "Helios", "Lumen", "Marine", "Nordia", "Orion",
		"Provence", "Quartz", "Riviera", "Saphir", "Tellus", "Ulysse", "Vega", "Alpina", "Brocéliande", "Cassiopée",
		"Delta", "Estuaire", "Fjord", "Garonne", "Hermine", "Iroise", "Jura", "Kalisto", "Loire", "Mistral",
		"Neptune", "Opale", "Pégase", "Rhône", "Sirius", "Triton", "Vauban", "Azur", "Bastide", "Colibri", "Everest"}
	companyActivities = []string{"Logistique", "Industries", "Santé", "Distribution", "Assurances", "Énergies", "Transports",
		"Retail", "Banque", "Immobilier", "Hôtellerie", "Agroalimentaire", "Conseil", "Pharma", "Services", "Ingénierie",
		"Mutuelle", "Aéronautique", "Télécom Services", "Construction"}
	legalForms = map[string][]string{
		"FR": {"SA", "SAS", "SE", "Groupe"}, "BE": {"SA", "NV"}, "DE": {"GmbH", "AG"}, "ES": {"S.A.", "S.L."},
		"IT": {"S.p.A.", "S.r.l."}, "GB": {"Ltd", "plc"}, "NL": {"B.V.", "N.V."}, "CH": {"SA", "AG"},
		"US": {"Inc.", "LLC"}, "MA": {"SA", "SARL"},
	}
)
