// Package seed generates realistic incident data: the demo data set of
// `incidentd serve --demo` (Demo) and large data sets for `incidentd seed`
// and the benchmarks (Generator, Run).
//
// Everything is deterministic from a seed: the same Config produces the same
// customers, sites, services, contacts and incidents, byte for byte. The
// generator is built for volume: it composes texts from fixed fragments
// without fmt, shares immutable reference data (services, locations,
// contacts) between the incidents of a customer, and allocates little per
// incident, so that storage, not generation, bounds the import rate.
package seed
