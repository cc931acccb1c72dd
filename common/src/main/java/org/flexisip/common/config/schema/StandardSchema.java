package org.flexisip.common.config.schema;

import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.SectionSpec;

/** The whole configuration tree of Flexisip 2.4 as we support it: every section of every role. */
public final class StandardSchema {
    private StandardSchema() {
    }

    /** @param versionNumber the value of {@code global/version-number} */
    public static ConfigSchema build(String versionNumber) {
        List<SectionSpec> sections = new ArrayList<>();
        sections.add(GlobalSection.build(versionNumber));
        sections.addAll(ProxyModuleSections.build());
        sections.addAll(RoleServerSections.build());
        sections.addAll(OtherSections.build());
        return new ConfigSchema(sections);
    }
}
