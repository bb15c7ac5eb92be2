/**
 * Patient matching: is this record the person that query describes?
 *
 * <p>{@link org.openspine.identity.matching.PatientMatcher} scores a query's
 * {@link org.openspine.identity.matching.Demographics} against a candidate's (NHS Number decisive when both have
 * a valid one; otherwise Fellegi–Sunter weights for family and given names, birth date, gender and postcode,
 * tolerant of keying slips, sound-alike spellings, swapped names and transposed dates), ranks candidates, and
 * resolves a query to one of them, several, or none. {@link org.openspine.identity.matching.MatchKeys} gives the
 * few blocking keys under which to index patients so that a search scores only the handful that share one.
 *
 * <p>A search by demographics, such as the PDS fuzzy search, files every patient under
 * {@code MatchKeys.of(demographics)} (each version of the name and address, when history counts), looks up a
 * query's keys with {@code key = ANY(?)}, and ranks or resolves the records found. Everything here is pure Java:
 * no database, no clock, no threads of its own, safe to share.
 *
 * <p>{@code evaluation} measures precision and recall on a synthetic population; the identity README has the
 * figures and how to reproduce them.
 */
package org.openspine.identity.matching;
