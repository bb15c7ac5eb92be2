package org.openspine.fhir.search.query;

/** Comparison prefixes of number, date and quantity search values (eq when none is written). */
public enum Prefix {
    EQ, NE, GT, LT, GE, LE, SA, EB, AP
}
