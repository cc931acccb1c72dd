package org.flexisip.proxy.module.authentication;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.module.ModuleConfigurationException;

/**
 * Rule 4 of spec/proxy.md §8: a client certificate of a TLS connection (the transport verified it against its CA
 * list, {@code tls-verify-incoming}) authenticates a request when one of its subjects (the CNs of its subject name,
 * its subjectAltName URIs and DNS names) is the identity ({@code sip:user@domain}, {@code sips:} or
 * {@code user@domain}), or is the identity's domain with {@code trust-domain-certificates}, or matches the
 * {@code tls-client-certificate-required-subject} regex, or is one of the deprecated
 * {@code trusted-client-certificates}. Any other certificate gets 403 with
 * {@code reject-wrong-client-certificates}, and digest otherwise, as a connection without certificate does.
 */
final class ClientCertificates {
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    /** What a request's certificate decides. */
    enum Verdict {
        /** The certificate names the identity: no digest. */
        AUTHENTICATED,
        /** A certificate that does not name it, with reject-wrong-client-certificates: 403. */
        REJECTED,
        /** No certificate, or one that does not name it: digest as usual. */
        DIGEST
    }

    private final boolean rejectWrong;
    private final boolean trustDomain;
    private final Optional<Pattern> requiredSubject;
    private final Set<String> trustedSubjects;

    private ClientCertificates(boolean rejectWrong, boolean trustDomain, Optional<Pattern> requiredSubject,
            Set<String> trustedSubjects) {
        this.rejectWrong = rejectWrong;
        this.trustDomain = trustDomain;
        this.requiredSubject = requiredSubject;
        this.trustedSubjects = trustedSubjects;
    }

    static ClientCertificates from(ConfigSection section) throws ModuleConfigurationException {
        String regex = section.getString("tls-client-certificate-required-subject").strip();
        Optional<Pattern> required = Optional.empty();
        if (!regex.isEmpty()) {
            try {
                required = Optional.of(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new ModuleConfigurationException(Authentication.SECTION
                        + "/tls-client-certificate-required-subject: " + e.getDescription(), e);
            }
        }
        return new ClientCertificates(section.getBoolean("reject-wrong-client-certificates"),
                section.getBoolean("trust-domain-certificates"), required,
                Set.copyOf(section.getStringList("trusted-client-certificates")));
    }

    /** The verdict of {@code certificate} (empty: none presented) for a request of {@code identity}. */
    Verdict judge(Optional<X509Certificate> certificate, SipUri identity) {
        if (certificate.isEmpty()) {
            return Verdict.DIGEST;
        }
        List<String> subjects = subjects(certificate.get());
        String user = identity.user().orElse("");
        String domain = identity.host().toLowerCase(Locale.ROOT);
        for (String subject : subjects) {
            if (namesIdentity(subject, user, domain)
                    || (trustDomain && subject.toLowerCase(Locale.ROOT).equals(domain))
                    || requiredSubject.map(p -> p.matcher(subject).matches()).orElse(false)
                    || trustedSubjects.contains(subject)) {
                return Verdict.AUTHENTICATED;
            }
        }
        return rejectWrong ? Verdict.REJECTED : Verdict.DIGEST;
    }

    private static boolean namesIdentity(String subject, String user, String domain) {
        String s = subject;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:")) {
            s = s.substring(4);
        } else if (lower.startsWith("sips:")) {
            s = s.substring(5);
        }
        int at = s.lastIndexOf('@');
        return at > 0 && !user.isEmpty() && s.substring(0, at).equals(user)
                && s.substring(at + 1).toLowerCase(Locale.ROOT).equals(domain);
    }

    /** The CNs of the subject name, then the subjectAltName URIs and DNS names. */
    static List<String> subjects(X509Certificate certificate) {
        List<String> subjects = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    subjects.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            // A subject name Java wrote itself always parses; the alternative names still count.
        }
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    if (name.size() == 2 && name.get(0) instanceof Integer type
                            && (type == SAN_URI || type == SAN_DNS) && name.get(1) instanceof String value) {
                        subjects.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A malformed extension names nobody: only the CNs count.
        }
        return subjects;
    }

    @Override
    public String toString() {
        return "ClientCertificates[reject-wrong=" + rejectWrong + ", trust-domain=" + trustDomain + ", required="
                + requiredSubject.map(Pattern::pattern).orElse("") + ", trusted="
                + trustedSubjects.stream().sorted().collect(Collectors.joining(" ")) + "]";
    }
}
