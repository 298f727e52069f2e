package io.lalo.rag;

import java.util.ArrayList;
import java.util.List;

/** A small generated corpus on distinct topics, so tests know which document answers which query. */
final class RagCorpus {

    record Doc(String id, String title, String text) {
    }

    private static final String[][] TOPICS = {
        {"Backups", "Nightly backups of the grid run at two in the morning and keep seven days of snapshots."},
        {"Certificates", "TLS certificates are rotated every ninety days by the operator on call."},
        {"Refunds", "Customers receive refunds within five business days after the returned item arrives."},
        {"Onboarding", "New engineers get a laptop, a mentor and access to the staging cluster on day one."},
        {"Incidents", "A severity one incident pages the on-call engineer and opens a bridge call at once."},
        {"Vacation", "Employees accrue twenty-five vacation days a year and may carry five into the next year."},
        {"Pricing", "The enterprise plan costs forty dollars per seat per month with annual billing."},
        {"Security", "Passwords must be at least fourteen characters and are checked against breach lists."},
        {"Deployments", "Production deployments happen on Tuesdays and Thursdays after the canary passes."},
        {"Expenses", "Travel expenses are reimbursed after the manager approves the receipt in the portal."},
        {"Coffee", "The espresso machine on the third floor is descaled every Friday afternoon."},
        {"Parking", "Visitors park in the north garage and receive a validation ticket at reception."},
    };

    static List<Doc> docs() {
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < TOPICS.length; i++) {
            String title = TOPICS[i][0];
            String text = TOPICS[i][1] + " This page belongs to the " + title.toLowerCase()
                    + " handbook. Questions go to the team channel. The policy was reviewed this quarter.";
            docs.add(new Doc("doc-" + title.toLowerCase(), title + " policy", text));
        }
        return docs;
    }
}
