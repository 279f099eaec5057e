package org.onedoor.terminal.county.enroll;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentMessages;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.EntranceCode;
import org.onedoor.terminal.enrollment.InvalidEnrollmentException;
import org.onedoor.terminal.enrollment.RequestCheck;
import org.onedoor.terminal.enrollment.VenueRecord;

/**
 * The county's enrollments as the broker's retained requests and answers show them, each checked: a request's
 * signature and content ({@link RequestCheck}), an answer's signature under the county's enrollment key. Nothing
 * a message claims is believed before its check.
 */
public final class EnrollmentBook {
    /** Where a terminal's enrollment stands. */
    public enum State {
        PENDING("pending", "待审核"), APPROVED("approved", "已通过"), REJECTED("rejected", "已驳回"),
        NONE("none", "未申领");

        private final String wire;
        private final String label;

        State(String wire, String label) {
            this.wire = wire;
            this.label = label;
        }

        public String wire() {
            return wire;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One terminal's request and the county's answers.
     *
     * @param problems why the request cannot be approved; a request that cannot be read has no request and one
     *                 problem
     * @param approval the latest approval, verified
     * @param rejection the latest rejection, verified
     * @param answerProblem why the answer on the broker counts for nothing (forged, another key): shown, not blocking
     */
    public record Application(String terminal, Optional<EnrollmentRequest> request, List<String> problems,
                              Optional<EnrollmentAnswer> approval, Optional<EnrollmentAnswer> rejection,
                              Optional<String> answerProblem) {
        public State state() {
            boolean covered = request.map(r -> approval.map(a -> r.entrances().stream()
                    .allMatch(e -> a.entrance(e).isPresent())).orElse(false)).orElse(approval.isPresent());
            if (covered) {
                return State.APPROVED;
            }
            if (rejection.isPresent() && request.map(r -> !rejection.get().decidedAt().isBefore(r.requestedAt()))
                    .orElse(true)) {
                return State.REJECTED;
            }
            return request.isPresent() || !problems.isEmpty() ? State.PENDING : State.NONE;
        }
    }

    /** An approved venue: its record and every entrance any approval of it gave a code. */
    public record Venue(String id, VenueRecord record, Map<String, EntranceCode> entrances) {
    }

    private final Map<String, Application> applications;

    private EnrollmentBook(Map<String, Application> applications) {
        this.applications = applications;
    }

    /** @param retained payloads by topic, from {@code {root}/{county}/enroll/+/request} and {@code …/approval} */
    public static EnrollmentBook of(Map<String, byte[]> retained, String root, String county, PublicKey countyKey) {
        String prefix = root + "/" + county + "/enroll/";
        Map<String, Application> apps = new TreeMap<>();
        Set<String> terminals = new TreeSet<>();
        retained.keySet().stream().filter(t -> t.startsWith(prefix)).forEach(t -> terminals.add(
                t.substring(prefix.length(), t.lastIndexOf('/'))));
        for (String terminal : terminals) {
            byte[] request = retained.get(prefix + terminal + "/request");
            byte[] answer = retained.get(prefix + terminal + "/approval");
            byte[] rejection = retained.get(prefix + terminal + "/rejection");
            Optional<EnrollmentRequest> read = Optional.empty();
            List<String> problems = new ArrayList<>();
            if (request != null) {
                try {
                    read = Optional.of(EnrollmentMessages.readRequest(request));
                    problems.addAll(RequestCheck.problems(read.get(), county, terminal));
                } catch (InvalidEnrollmentException e) {
                    problems.add("request refused: " + e.getMessage());
                }
            }
            List<String> answerProblems = new ArrayList<>();
            Optional<EnrollmentAnswer> approval = answer(answer, countyKey, county, terminal, answerProblems)
                    .filter(EnrollmentAnswer::approved);
            Optional<EnrollmentAnswer> rejected = answer(rejection, countyKey, county, terminal, answerProblems)
                    .filter(a -> !a.approved());
            apps.put(terminal, new Application(terminal, read, List.copyOf(problems), approval, rejected,
                    answerProblems.stream().findFirst()));
        }
        return new EnrollmentBook(apps);
    }

    private static Optional<EnrollmentAnswer> answer(byte[] payload, PublicKey countyKey, String county,
                                                     String terminal, List<String> problems) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            EnrollmentAnswer a = EnrollmentMessages.readAnswer(payload, countyKey);
            if (a.terminal().equals(terminal) && a.county().equals(county)) {
                return Optional.of(a);
            }
            problems.add("the answer on the broker is for another terminal");
        } catch (InvalidEnrollmentException e) {
            problems.add("the answer on the broker is refused: " + e.getMessage());
        }
        return Optional.empty();
    }

    public List<Application> applications() {
        return List.copyOf(applications.values());
    }

    public Optional<Application> application(String terminal) {
        return Optional.ofNullable(applications.get(terminal));
    }

    /** The approved venues by id, each with the union of its approved entrances. */
    public Map<String, Venue> venues() {
        Map<String, Venue> venues = new TreeMap<>();
        for (Application app : applications.values()) {
            app.approval().ifPresent(a -> {
                Venue v = venues.computeIfAbsent(a.venueId().orElseThrow(), id -> new Venue(id, a.venue().orElseThrow(),
                        new LinkedHashMap<>()));
                a.entrances().forEach(e -> v.entrances().putIfAbsent(e.name(), e));
            });
        }
        return venues;
    }

    /** Every code the county has given: a new one must differ from all. */
    public Set<String> usedCodes() {
        Set<String> codes = new TreeSet<>();
        applications.values().forEach(app -> app.approval().ifPresent(a -> a.entrances()
                .forEach(e -> codes.add(e.code()))));
        return codes;
    }
}
