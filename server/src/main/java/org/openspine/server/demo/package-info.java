/**
 * Synthetic UK patients for demos, tests and load: {@link org.openspine.server.demo.SyntheticPopulation}
 * writes deterministic FHIR R4 transaction Bundles (GP practices, a trust, and patients with their records).
 * Everything else in the package is a package-private part of that generator.
 */
package org.openspine.server.demo;
