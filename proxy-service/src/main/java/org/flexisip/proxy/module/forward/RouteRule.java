package org.flexisip.proxy.module.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.filter.FilterSyntaxException;
import org.flexisip.common.filter.SipBooleanExpression;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.module.ModuleConfigurationException;

/**
 * One line of {@code module::Forward/routes-config-path}: {@code <route URI> <filter>}; the first line whose filter
 * is true for an out-of-dialog request adds its Route (spec/proxy.md §18.2).
 */
public record RouteRule(SipUri route, SipBooleanExpression filter) {

    /** Reads the file at startup; a line that does not parse refuses the start, naming the file and line. */
    public static List<RouteRule> read(Path file) throws ModuleConfigurationException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ModuleConfigurationException("module::Forward/routes-config-path: cannot read " + file + ": "
                    + e.getMessage(), e);
        }
        List<RouteRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            rules.add(parse(line, file + ":" + (i + 1)));
        }
        return rules;
    }

    static RouteRule parse(String line, String where) throws ModuleConfigurationException {
        int space = line.indexOf(' ');
        String uriText = space < 0 ? line : line.substring(0, space);
        String filterText = space < 0 ? "" : line.substring(space + 1).strip();
        if (uriText.startsWith("<") && uriText.endsWith(">")) {
            uriText = uriText.substring(1, uriText.length() - 1);
        }
        SipUri uri;
        try {
            uri = SipUri.parse(uriText);
        } catch (SipSyntaxException e) {
            throw new ModuleConfigurationException("module::Forward/routes-config-path: " + where + ": '" + uriText
                    + "' is not a SIP URI: " + e.reason());
        }
        if (!uri.lr()) {
            uri = uri.toBuilder().parameter("lr", null).build();
        }
        SipBooleanExpression filter;
        try {
            filter = filterText.isEmpty() ? SipBooleanExpression.alwaysTrue() : SipBooleanExpression.parse(filterText);
        } catch (FilterSyntaxException e) {
            throw new ModuleConfigurationException("module::Forward/routes-config-path: " + where + ": bad filter: "
                    + e.getMessage());
        }
        return new RouteRule(uri, filter);
    }
}
