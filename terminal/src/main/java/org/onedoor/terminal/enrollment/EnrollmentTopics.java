package org.onedoor.terminal.enrollment;

/**
 * Where requests and answers live: {@code {root}/{county}/enroll/{terminal}/request}, {@code …/approval} and
 * {@code …/rejection}, all retained (a rejection of added entrances must not take the approval off the broker), outside any venue's topics (the venue id is what the approval assigns). {@code enroll} is therefore
 * no venue id.
 */
public final class EnrollmentTopics {
    public static final String LEVEL = "enroll";

    private EnrollmentTopics() {
    }

    public static String request(String root, String county, String terminal) {
        return root + "/" + county + "/" + LEVEL + "/" + terminal + "/request";
    }

    public static String approval(String root, String county, String terminal) {
        return root + "/" + county + "/" + LEVEL + "/" + terminal + "/approval";
    }

    public static String rejection(String root, String county, String terminal) {
        return root + "/" + county + "/" + LEVEL + "/" + terminal + "/rejection";
    }

    /** Where an answer goes: approvals and rejections each have their own retained topic. */
    public static String answer(String root, EnrollmentAnswer answer) {
        return answer.approved() ? approval(root, answer.county(), answer.terminal())
                : rejection(root, answer.county(), answer.terminal());
    }
}
