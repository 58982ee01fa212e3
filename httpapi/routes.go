package httpapi

// basePath is the root of the Incident API resources.
const basePath = "/incident/b2b/v1"

// Media types of request bodies.
var (
	jsonBody       = []string{"application/json"}
	mergePatchBody = []string{"application/merge-patch+json", "application/json"}
)

// route is one entry of the API: a Go 1.22 ServeMux pattern, the access it
// requires, the media types of its body (none: no body taken), and its
// handler.
type route struct {
	pattern  string
	access   access
	consumes []string
	handle   handlerFunc
}

// routes is the whole API in one table. Resources not listed here are not
// served (404).
func (s *server) routes() []route {
	return []route{
		// The token endpoint checks its form body itself, to answer in the
		// shape of RFC 6749 §5.2.
		{"POST /oauth/v3/token", accessNone, nil, s.issueToken},

		{incidentList, accessRead, nil, s.listOrExportIncidents},
		{"POST " + basePath + "/incidents", accessWrite, jsonBody, s.createIncident},
		{"GET " + basePath + "/incidents/{id}", accessRead, nil, s.getIncident},
		{"PATCH " + basePath + "/incidents/{id}", accessWrite, mergePatchBody, s.patchIncident},
		{"GET " + basePath + "/incidents/{id}/history", accessRead, nil, s.listHistory},
		{"GET " + basePath + "/incidents/{id}/freezePeriods", accessRead, nil, s.listFreezePeriods},
		{"POST " + basePath + "/incidents/{id}/freezePeriods", accessOperator, jsonBody, s.addFreezePeriod},
		{"PATCH " + basePath + "/incidents/{id}/freezePeriods/{freezeId}", accessOperator, mergePatchBody, s.patchFreezePeriod},
		{"GET " + basePath + "/incidents/{id}/notes", accessRead, nil, s.listNotes},
		{"POST " + basePath + "/incidents/{id}/notes", accessWrite, jsonBody, s.addNote},
		{"GET " + basePath + "/incidents/{id}/attachments", accessRead, nil, s.listAttachments},
		{"POST " + basePath + "/incidents/{id}/attachments", accessWrite, multipartBody, s.uploadAttachment},
		{attachmentDownload, accessRead, nil, s.downloadAttachment},

		// Alerts authenticate with an integration key, checked by their
		// handlers; PagerDuty's endpoint is at the root, as PagerDuty's is.
		{alertmanagerRoute, accessNone, jsonBody, s.receiveAlertmanager},
		{pagerDutyRoute, accessNone, nil, s.enqueuePagerDutyEvent},

		{eventsRoute, accessRead, nil, s.listEvents},
		{"POST " + basePath + "/hub", accessWrite, jsonBody, s.withHub(s.createSubscription)},
		{"GET " + basePath + "/hub", accessRead, nil, s.withHub(s.listSubscriptions)},
		{"GET " + basePath + "/hub/{id}", accessRead, nil, s.withHub(s.getSubscription)},
		{"PATCH " + basePath + "/hub/{id}", accessWrite, mergePatchBody, s.withHub(s.patchSubscription)},
		{"DELETE " + basePath + "/hub/{id}", accessWrite, nil, s.withHub(s.deleteSubscription)},
		{"GET " + basePath + "/hub/{id}/deliveries", accessRead, nil, s.withHub(s.listDeliveries)},
		{"POST " + basePath + "/hub/{id}/replay", accessWrite, jsonBody, s.withHub(s.replaySubscription)},

		{"GET " + basePath + "/aggregation", accessRead, nil, s.aggregateIncidents},
		{"GET " + basePath + "/priorityMatrix", accessRead, nil, s.getPriorityMatrix},
		{"GET " + basePath + "/status", accessNone, nil, s.getStatus},
		{"GET " + basePath + "/version", accessNone, nil, s.getVersion},
		{"GET " + basePath + "/doc", accessNone, nil, s.getDocument},
	}
}

// allRoutes is the API and, at the root, the operational endpoints.
func (s *server) allRoutes() []route {
	return append(s.routes(), s.operationalRoutes()...)
}
