package org.sscard.terminal.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/** A deferred visit's reason is stored as its code and arguments and read back equal; an earlier sentence stays readable. */
class StoredProblemTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addDeserializer(Problem.class, new StoredProblem()));

    @Test
    void aReasonWithTextNumberAndNestedArgumentsIsReadBackEqual() throws Exception {
        Problem p = Problem.of(Reason.VISIT_SETTLED_RECORDS_BEHIND, "MD1", "S1", Problem.of(Reason.RECORDS_IN_RESERVE));
        assertEquals(p, JSON.readValue(JSON.writeValueAsString(p), Problem.class));
        Problem n = Problem.of(Reason.SETTING_PROPOSAL_YOURS, "7", 24L);
        assertEquals(n, JSON.readValue(JSON.writeValueAsString(n), Problem.class));
        Problem list = Problem.of(Reason.ITEMS_REFUSED, List.of(Problem.of(Reason.ITEM_NOT_IN_CATALOG, "2", "X9")));
        assertEquals(list.english(), JSON.readValue(JSON.writeValueAsString(list), Problem.class).english());
    }

    @Test
    void theSentenceOfAnEarlierVersionIsKeptAsItWas() throws Exception {
        Problem old = JSON.readValue("\"2207 M1 refused: 人员已挂失\"", Problem.class);
        assertEquals(Problem.of(Reason.STORED_TEXT, "2207 M1 refused: 人员已挂失"), old);
        assertEquals("2207 M1 refused: 人员已挂失", old.english());
        assertEquals("(旧版本记录)2207 M1 refused: 人员已挂失", old.in(Locale.SIMPLIFIED_CHINESE));
    }

    @Test
    void aCodeThisVersionDoesNotKnowIsKeptAsText() throws Exception {
        Problem later = JSON.readValue("{\"reason\":\"SOMETHING_NEWER\",\"args\":[\"x\"]}", Problem.class);
        assertEquals(Reason.STORED_TEXT, later.reason());
    }
}
