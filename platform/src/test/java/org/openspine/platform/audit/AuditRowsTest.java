package org.openspine.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRowsTest {

    @Test
    void anArrayLiteralQuotesEveryElementAndEscapesQuotesAndBackslashes() {
        assertThat(AuditRows.arrayLiteral(List.of("a", "b\"c", "d\\e", "{f,g}", "NULL")))
                .isEqualTo("{\"a\",\"b\\\"c\",\"d\\\\e\",\"{f,g}\",\"NULL\"}");
    }

    @Test
    void anEmptyListIsAnEmptyArray() {
        assertThat(AuditRows.arrayLiteral(List.of())).isEqualTo("{}");
    }
}
