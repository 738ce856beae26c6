package org.sscard.centralsim.policy;

import java.util.List;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;

/** One visit (or pharmacy purchase) to settle: who, where, what kind, which items, whether to use the account. */
public record Visit(InsuType insutype, InstitutionLevel level, MedType medType, List<CatalogItem> items,
        boolean useAccount) {

    public Visit {
        if (insutype == null || level == null || medType == null) {
            throw new IllegalArgumentException("insurance type, institution level and medical type are required");
        }
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("a visit needs at least one item");
        }
        items = List.copyOf(items);
    }
}
