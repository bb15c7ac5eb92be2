package org.openspine.fhir.search.index;

import java.io.Serial;

/**
 * A search parameter expression outside the FHIRPath subset the indexer compiles. It never leaves
 * this package: the parameter is listed by {@link ResourceIndexer#unsupported} and not indexed,
 * which is the caller's to report; a request never fails because of it.
 */
final class UnsupportedExpressionException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    UnsupportedExpressionException(String message) {
        super(message);
    }
}
