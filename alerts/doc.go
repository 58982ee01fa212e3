// Package alerts turns the alerts of supervision tools into incidents: an
// integration maps an alerting tool to a customer and default attributes,
// authenticated by its integration key; Alertmanager's webhook payloads and
// PagerDuty Events API v2 events are decoded into typed events; each event
// is carried out on the incident of its alert (by fingerprint or dedup
// key) through the domain's typed operations, one transaction per alert.
//
// It knows nothing of HTTP or SQL: the transport decodes nothing but calls
// the decoders here, and the store implements Store.
package alerts
