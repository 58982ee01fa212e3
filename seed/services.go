package seed

// bilingual is a text in French and in English.
type bilingual struct{ fr, en string }

// serviceKind is a kind of service a customer subscribes to: an access at
// one site, or a service used from everywhere (no location).
type serviceKind struct {
	prefix   string // of service ids: "IA-00412873"
	weight   uint32
	siteless bool // mobile fleet, cloud: the incident has no location
	variants []string
	// symptoms are what breaks, as supervision or the customer words it.
	symptoms []bilingual
	// details are technical facts supervision adds to its alarms.
	details []string
}

var serviceKinds = []serviceKind{
	{prefix: "IA", weight: 30,
		variants: []string{"Internet access 100 Mb/s", "Internet access 500 Mb/s", "Internet access 1 Gb/s",
			"Internet access 10 Gb/s", "Business Internet SDSL 20 Mb/s", "Internet access fibre 300 Mb/s"},
		symptoms: []bilingual{{"Indisponibilité de la ligne", "Line unavailability"}, {"Perte de paquets importante", "High packet loss"},
			{"Session BGP tombée", "BGP session down"}, {"Latence anormale", "Abnormal latency"},
			{"Routeur d'accès injoignable", "Access router unreachable"}, {"Débit très inférieur au débit souscrit", "Throughput far below the subscribed rate"},
			{"Coupure électrique sur le site", "Power outage on site"}, {"Coupures intermittentes de la connexion", "Intermittent loss of connectivity"}},
		details: []string{"CE router ISR4331, interface Gi0/0/0 down.", "Optical signal lost on the ONT.",
			"BGP neighbor 193.252.0.1 state Idle.", "Packet loss 18% measured over 15 minutes.",
			"Last ping reply 6 minutes before the alarm.", "DSLAM port in sync loss."}},
	{prefix: "VPN", weight: 22,
		variants: []string{"MPLS VPN access 50 Mb/s", "MPLS VPN access 100 Mb/s", "MPLS VPN access 1 Gb/s", "Business VPN Galerie access"},
		symptoms: []bilingual{{"Site isolé du VPN", "Site isolated from the VPN"}, {"Instabilité de l'interface WAN", "WAN interface flapping"},
			{"Bascule sur le lien de secours", "Failover to the backup link"}, {"Perte de la classe de service temps réel", "Real-time class of service lost"},
			{"Routes du site absentes de la VRF", "Site routes missing from the VRF"}},
		details: []string{"VRF CUST-0412, 0 prefixes received.", "Backup 4G link active since the alarm.",
			"Interface Gi0/0/1 changed state to down 14 times in 10 minutes.", "PE router par-pe-07, subinterface 2301 down."}},
	{prefix: "SIP", weight: 14,
		variants: []string{"SIP trunk 10 channels", "SIP trunk 30 channels", "SIP trunk 60 channels", "SIP trunk 120 channels"},
		symptoms: []bilingual{{"Appels entrants impossibles", "Inbound calls failing"}, {"Enregistrement SIP en échec", "SIP registration failing"},
			{"Qualité audio dégradée", "Degraded audio quality"}, {"Appels sortants coupés après 30 secondes", "Outbound calls dropped after 30 seconds"},
			{"Présentation du numéro incorrecte", "Wrong caller ID presentation"}},
		details: []string{"SIP 503 Service Unavailable returned by the SBC.", "REGISTER refused with 403 Forbidden.",
			"MOS below 3.1 on 40% of calls.", "Trunk group 2 at full capacity."}},
	{prefix: "MOB", weight: 10, siteless: true,
		variants: []string{"Mobile fleet 50 lines", "Mobile fleet 250 lines", "Mobile fleet 1000 lines", "Mobile data pool 500 GB"},
		symptoms: []bilingual{{"Pas de données mobiles sur une partie de la flotte", "No mobile data on part of the fleet"},
			{"Cartes SIM bloquées", "SIM cards blocked"}, {"Couverture dégradée", "Poor coverage"},
			{"Portabilité de numéros en échec", "Number porting failed"}, {"Messagerie vocale inaccessible", "Voicemail unreachable"}},
		details: []string{"APN attach failures on 12 lines.", "PUK requested on 3 SIM cards.", "Porting order rejected by the donor operator."}},
	{prefix: "CLD", weight: 10, siteless: true,
		variants: []string{"Cloud hosting private cloud 24 vCPU", "Cloud hosting public cloud", "Managed Kubernetes cluster",
			"Cloud backup 10 TB", "Managed database cluster"},
		symptoms: []bilingual{{"Machine virtuelle inaccessible", "Virtual machine unreachable"}, {"Saturation du stockage", "Storage saturation"},
			{"Sauvegarde en échec", "Backup job failed"}, {"Certificat expiré", "Expired certificate"},
			{"Utilisation CPU anormalement élevée", "Abnormally high CPU usage"}, {"Nœud du cluster indisponible", "Cluster node unavailable"}},
		details: []string{"Datastore DS-PROD-03 at 97%.", "Hypervisor esx-112 in maintenance mode.",
			"Backup job BKP-NIGHTLY ended with error 0x80070005.", "Node worker-4 NotReady for 12 minutes."}},
	{prefix: "SDW", weight: 6,
		variants: []string{"SD-WAN edge", "SD-WAN edge with 4G backup", "SD-WAN hub"},
		symptoms: []bilingual{{"Boîtier SD-WAN hors ligne", "SD-WAN edge offline"}, {"Tunnel vers le hub tombé", "Tunnel to the hub down"},
			{"Politique applicative non appliquée", "Application policy not applied"}},
		details: []string{"Edge lost contact with the orchestrator.", "IPsec tunnel rekey failed."}},
	{prefix: "LAN", weight: 5,
		variants: []string{"Managed LAN", "Managed Wi-Fi", "Managed LAN and Wi-Fi"},
		symptoms: []bilingual{{"Bornes Wi-Fi déconnectées", "Wi-Fi access points disconnected"}, {"Commutateur d'étage hors service", "Floor switch down"},
			{"Authentification Wi-Fi en échec", "Wi-Fi authentication failing"}},
		details: []string{"8 access points lost their controller.", "Switch sw-floor2 unreachable, PoE budget exceeded."}},
	{prefix: "SEC", weight: 3,
		variants: []string{"Managed firewall", "Secure web gateway", "DDoS protection"},
		symptoms: []bilingual{{"Pare-feu en échec de bascule", "Firewall failover failed"}, {"Accès web bloqués à tort", "Web access wrongly blocked"},
			{"Attaque par déni de service détectée", "Denial of service attack detected"}},
		details: []string{"HA pair out of sync.", "Mitigation started on 2 prefixes."}},
}

// Reported situations completing the symptom.
var (
	customerContextFR = []string{"Les utilisateurs ne peuvent plus travailler.", "Merci de nous rappeler au plus vite.",
		"Le problème est intermittent depuis ce matin.", "Redémarrage de l'équipement effectué, sans effet.",
		"Impact important sur la production.", "Une quarantaine d'utilisateurs sont concernés.",
		"Le site est ouvert de 8h à 18h.", "Le problème touche aussi la téléphonie.",
		"Aucun travaux prévus de notre côté.", "Contact sur place joignable toute la journée.",
		"Le magasin ne peut plus encaisser par carte.", "Déjà signalé hier, le problème est revenu.",
		"Nous avons vérifié le câblage et redémarré le routeur ainsi que le commutateur de l'étage, sans amélioration : le voyant WAN reste éteint.",
		"Le site accueille une cinquantaine de personnes et l'activité commerciale est bloquée ; merci de nous tenir informés de l'heure d'intervention prévue.",
		"Un technicien de notre prestataire est intervenu hier dans la baie pour des travaux électriques, le problème est peut-être lié."}
	customerContextEN = []string{"Users cannot work.", "Please call us back as soon as possible.",
		"The problem has been intermittent since this morning.", "Equipment restarted, no change.",
		"Strong impact on production.", "About forty users are affected.",
		"The site is open from 8 am to 6 pm.", "Telephony is affected too.",
		"No works planned on our side.", "Local contact available all day.",
		"Card payments are down in the store.", "Already reported yesterday, the problem is back.",
		"We checked the cabling and restarted both the router and the floor switch, with no improvement: the WAN light stays off.",
		"About fifty people work on this site and sales are blocked; please keep us informed of the planned intervention time.",
		"A technician from our facilities contractor worked in the rack yesterday for electrical works, the problem may be related."}
	requestContextFR = []string{"Merci de confirmer la date d'intervention.", "Le bon de commande suit par courriel.",
		"À réaliser de préférence en dehors des heures ouvrées.", "Le contact technique est indiqué dans la demande.",
		"Demande validée par notre direction informatique."}
	requestContextEN = []string{"Please confirm the intervention date.", "The purchase order follows by email.",
		"Preferably outside business hours.", "The technical contact is given in this request.",
		"Request approved by our IT department."}
	// Openers of proactive alarms; the first is the one of the published guide.
	alarmOpeners = []string{"Alarme détectée a la supervision/Alarm detected in supervision",
		"Alarme détectée a la supervision/Alarm detected in supervision",
		"Alarme détectée a la supervision/Alarm detected in supervision",
		"Perte de supervision/Supervision lost", "Seuil d'alerte franchi/Alert threshold crossed",
		"Incident réseau détecté/Network incident detected"}
	changeRequestsFR = []string{"Demande de modification de la configuration", "Ajout d'une règle de filtrage",
		"Changement de l'adressage IP du site", "Mise à jour du plan de numérotation", "Augmentation du débit souscrit"}
	changeRequestsEN = []string{"Configuration change request", "New filtering rule requested",
		"Change of the site IP addressing", "Numbering plan update", "Subscribed bandwidth upgrade"}
	informationFR = []string{"Question sur la facturation du service", "Demande de rapport de disponibilité mensuel",
		"Information sur une maintenance programmée", "Demande de contact technique"}
	informationEN = []string{"Question about the invoicing of the service", "Monthly availability report requested",
		"Information about a planned maintenance", "Technical contact requested"}
	// Long technical excerpts some alarms carry.
	technicalExcerpts = []string{
		"Ping 10 x 1500 bytes: 6 received, 40% loss, rtt min/avg/max 18.2/96.4/312.9 ms.",
		"Traceroute stops at hop 4 (access aggregation router), no reply beyond.",
		"SNMP trap linkDown received from the CE router, ifIndex 3, then coldStart after 4 minutes.",
		"Syslog: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/0/0, changed state to down.",
		"Optical levels: Rx -31.2 dBm (threshold -27 dBm), Tx -2.1 dBm.",
	}
)

// requestResolutions close configuration requests and information
// requests.
var requestResolutions = []bilingual{{"Modification réalisée", "Change completed"},
	{"Information transmise au client", "Information sent to the customer"},
	{"Configuration appliquée et vérifiée avec le client", "Configuration applied and checked with the customer"},
	{"Demande traitée", "Request handled"}}

// resolutions are the codes operators resolve with and texts for each.
var resolutions = map[string][]bilingual{
	"FIXED": {{"Remplacement du routeur d'accès", "Access router replaced"}, {"Réparation de la fibre suite à une coupure", "Fibre repaired after a cut"},
		{"Correction de la configuration", "Configuration corrected"}, {"Redémarrage de l'équipement", "Equipment restarted"},
		{"Remplacement de la carte ligne", "Line card replaced"}, {"Réparation du câble cuivre", "Copper cable repaired"}},
	"NO_FAULT_FOUND": {{"Tests concluants, aucun défaut constaté", "Tests OK, no fault found"},
		{"Service rétabli sans intervention", "Service restored without intervention"}},
	"CUSTOMER_RESPONSIBILITY": {{"Équipement client hors tension", "Customer equipment powered off"},
		{"Câblage interne du client débranché", "Customer internal cabling unplugged"},
		{"Modification de configuration par le client", "Configuration changed by the customer"}},
	"THIRD_PARTY": {{"Incident sur le réseau de l'opérateur de boucle locale", "Fault on the local loop operator network"},
		{"Travaux de voirie d'un tiers", "Third-party roadworks"}, {"Panne chez le fournisseur d'énergie", "Power supplier outage"}},
	"WORKAROUND": {{"Bascule sur le lien de secours", "Switched to the backup link"},
		{"Routage temporaire via un autre site", "Temporary routing through another site"}},
}
