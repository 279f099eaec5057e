package org.onedoor.terminal.county.trace;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.store.StoredEntry;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;

/**
 * Finds who was at the same venue as a case (docs/county.md, Tracing). A person's entries carry a different
 * pseudonym at each terminal, {@code P_T(s)}, so the case is looked up terminal by terminal with keys derived from
 * the master key; its co-visitors are every other entry at the same venue, on any of its terminals, within the
 * window around each visit, by corrected times. Subjects stay in memory: nothing here logs.
 */
public final class Tracer {
    private final EventStore store;
    private final byte[] masterKey;
    private final String county;
    private final Map<String, Pseudonymizer> keys = new HashMap<>();
    private final Set<String> resolvedTerminals = new LinkedHashSet<>();

    public Tracer(EventStore store, byte[] masterKey, String county) {
        this.store = store;
        this.masterKey = masterKey.clone();
        this.county = county;
    }

    /** What a trace found, and how many co-visitors a register of subjects named. */
    public record Result(List<Contact> contacts, int resolved, int distinctCoVisitors) {
    }

    /**
     * @param subjects a register to resolve co-visitors with (empty for none); depth 2 follows a resolved
     *     co-visitor across all terminals, an unresolved one on the terminal that saw it
     */
    public Result trace(String subject, long fromMs, long toMs, Duration window, int depth, List<String> subjects)
            throws SQLException {
        List<String> terminals = store.terminals(county);
        List<Contact> contacts = new ArrayList<>();
        Set<String> caseIds = new LinkedHashSet<>();
        Map<String, String> casePseudonyms = pseudonyms(terminals, subject);
        casePseudonyms.forEach((terminal, p) -> caseIds.add(terminal + "/" + p));
        List<StoredEntry> visits = store.entriesOf(county, casePseudonyms, fromMs, toMs);
        Map<String, Contact> first = coVisitors(visits, window, 1, caseIds, contacts);
        Map<String, String> register = new HashMap<>();
        resolveAt(first.values(), subjects, register);
        if (depth >= 2) {
            Set<String> seen = new LinkedHashSet<>(caseIds);
            seen.addAll(first.keySet());
            for (Contact c : first.values()) {
                String resolved = register.get(c.terminal() + "/" + c.pseudonym());
                List<StoredEntry> theirs;
                if (resolved != null) {
                    Map<String, String> across = pseudonyms(terminals, resolved);
                    across.forEach((terminal, p) -> seen.add(terminal + "/" + p));
                    theirs = store.entriesOf(county, across, fromMs, toMs);
                } else {
                    theirs = store.entriesOf(county, c.terminal(), c.pseudonym(), fromMs, toMs);
                }
                coVisitors(theirs, window, 2, seen, contacts);
            }
        }
        resolveAt(contacts, subjects, register);
        List<Contact> named = new ArrayList<>(contacts.size());
        Set<String> resolvedIds = new LinkedHashSet<>();
        Set<String> distinct = new LinkedHashSet<>();
        for (Contact c : contacts) {
            String key = c.terminal() + "/" + c.pseudonym();
            String s = register.get(key);
            distinct.add(key);
            if (s != null) {
                resolvedIds.add(key);
            }
            named.add(new Contact(c.depth(), c.venue(), c.entrance(), c.terminal(), c.pseudonym(), c.timeMs(),
                    c.estimate(), c.overlapMinutes(), s));
        }
        return new Result(named, resolvedIds.size(), distinct.size());
    }

    /** Adds every entry at the visits' venues within the window that is not someone already found; returns the new ones. */
    private Map<String, Contact> coVisitors(List<StoredEntry> visits, Duration window, int depth, Set<String> exclude,
            List<Contact> into) throws SQLException {
        Map<String, Contact> found = new LinkedHashMap<>();
        long w = window.toMillis();
        for (StoredEntry visit : visits) {
            for (StoredEntry e : store.entriesAt(county, visit.venue(), visit.correctedMs() - w, visit.correctedMs() + w)) {
                String key = e.terminal() + "/" + e.subject();
                if (exclude.contains(key)) {
                    continue;
                }
                double overlap = (w - Math.abs(e.correctedMs() - visit.correctedMs())) / 60_000.0;
                Contact c = new Contact(depth, e.venue(), e.entrance(), e.terminal(), e.subject(), e.correctedMs(),
                        e.estimate() || visit.estimate(), overlap, null);
                into.add(c);
                found.putIfAbsent(key, c);
            }
        }
        if (depth == 1) {
            exclude.addAll(found.keySet());
        }
        return found;
    }

    /**
     * Adds terminal/pseudonym → subject for the terminals these contacts were seen at, once per terminal: only the
     * terminals involved are computed, since a register may hold a county's population.
     */
    private void resolveAt(Iterable<Contact> contacts, List<String> subjects, Map<String, String> register) {
        Set<String> terminals = new LinkedHashSet<>();
        for (Contact c : contacts) {
            terminals.add(c.terminal());
        }
        for (String terminal : terminals) {
            if (subjects.isEmpty() || !resolvedTerminals.add(terminal)) {
                continue;
            }
            Pseudonymizer p = pseudonymizer(terminal);
            for (String s : subjects) {
                register.put(terminal + "/" + p.pseudonym(s), s);
            }
        }
    }

    /** The subject's pseudonym at each terminal, in the terminals' order. */
    private Map<String, String> pseudonyms(List<String> terminals, String subject) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String terminal : terminals) {
            out.put(terminal, pseudonymizer(terminal).pseudonym(subject));
        }
        return out;
    }

    private Pseudonymizer pseudonymizer(String terminal) {
        return keys.computeIfAbsent(terminal, t -> new Pseudonymizer(KeyDerivation.terminalKey(masterKey, county, t)));
    }
}
