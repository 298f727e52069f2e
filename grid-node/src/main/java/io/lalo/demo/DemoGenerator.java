package io.lalo.demo;

import static io.lalo.demo.DemoSchema.CUSTOMERS;
import static io.lalo.demo.DemoSchema.EMPLOYEES;
import static io.lalo.demo.DemoSchema.ORDERS;
import static io.lalo.demo.DemoSchema.ORDER_LINES;
import static io.lalo.demo.DemoSchema.PRODUCTS;
import static io.lalo.demo.DemoSchema.REGIONS;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates the demo rows deterministically: the same order count always gives the same rows, so a test can
 * check exact figures and a second load can never produce different data. Sizes scale with the order count:
 * one customer per ten orders, one product per hundred (at least 200), one employee per five hundred (at least
 * 50), one to five lines per order. Order totals are the sums of their lines.
 */
final class DemoGenerator {

    private static final long SEED = 20_261_127L;
    private static final LocalDate FIRST_ORDER_DAY = LocalDate.of(2023, 1, 1);
    private static final int ORDER_DAYS = 3 * 365;

    private static final String[][] REGION_DATA = {
            {"North America East", "United States"}, {"North America West", "United States"},
            {"Latin America", "Brazil"}, {"Western Europe", "Germany"}, {"Northern Europe", "Sweden"},
            {"Southern Europe", "Spain"}, {"Asia Pacific", "Japan"}, {"Oceania", "Australia"}};
    private static final String[][] CITIES = {
            {"New York", "Boston", "Atlanta", "Miami"}, {"Seattle", "San Francisco", "Denver", "Los Angeles"},
            {"Sao Paulo", "Rio de Janeiro", "Bogota", "Santiago"}, {"Berlin", "Munich", "Paris", "Amsterdam"},
            {"Stockholm", "Oslo", "Copenhagen", "Helsinki"}, {"Madrid", "Barcelona", "Lisbon", "Rome"},
            {"Tokyo", "Osaka", "Seoul", "Singapore"}, {"Sydney", "Melbourne", "Auckland", "Brisbane"}};
    private static final String[] FIRST_NAMES = {"Ava", "Liam", "Noah", "Emma", "Olivia", "Mateo", "Sofia", "Lucas",
            "Mia", "Hugo", "Elena", "Yuki", "Aarav", "Zara", "Oscar", "Ines", "Leo", "Nora", "Kenji", "Amara"};
    private static final String[] LAST_NAMES = {"Smith", "Garcia", "Muller", "Rossi", "Silva", "Tanaka", "Kim",
            "Johansson", "Dubois", "Novak", "Lopez", "Brown", "Wilson", "Costa", "Sato", "Nguyen", "Berg", "Patel"};
    private static final String[] COMPANY_WORDS = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
            "Hooli", "Vandelay", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Massive", "Aperture", "Gringotts"};
    private static final String[] COMPANY_KINDS = {"Trading", "Foods", "Logistics", "Retail", "Labs", "Outfitters",
            "Supply", "Works", "Market", "Studio"};
    private static final String[] SEGMENTS = {"Consumer", "Small Business", "Corporate", "Enterprise"};
    private static final String[] TITLES = {"Sales Representative", "Account Manager", "Sales Engineer",
            "Customer Success Manager"};
    private static final String[][] CATEGORIES = {
            {"Electronics", "Headphones", "Monitor", "Keyboard", "Speaker", "Charger"},
            {"Home", "Lamp", "Blender", "Kettle", "Rug", "Clock"},
            {"Outdoor", "Tent", "Backpack", "Lantern", "Hammock", "Bottle"},
            {"Office", "Notebook", "Desk Chair", "Stapler", "Planner", "Pen Set"},
            {"Apparel", "Jacket", "Sneakers", "Scarf", "Cap", "Sweater"},
            {"Grocery", "Coffee Beans", "Olive Oil", "Green Tea", "Dark Chocolate", "Honey"}};
    private static final String[] ADJECTIVES = {"Classic", "Pro", "Eco", "Compact", "Deluxe", "Smart", "Ultra",
            "Everyday"};
    private static final String[] STATUSES = {"DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED",
            "DELIVERED", "DELIVERED", "SHIPPED", "PROCESSING", "CANCELLED", "RETURNED"};
    private static final BigDecimal[] DISCOUNTS = {BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2),
            BigDecimal.ZERO.setScale(2), new BigDecimal("0.05"), new BigDecimal("0.10"), new BigDecimal("0.15")};

    private final int orders;

    DemoGenerator(int orders) {
        this.orders = orders;
    }

    int customers() {
        return Math.max(100, orders / 10);
    }

    int products() {
        return Math.max(200, orders / 100);
    }

    int employees() {
        return Math.max(50, orders / 500);
    }

    int regions() {
        return REGION_DATA.length;
    }

    /** Emits every row, parents before children, each table from its own random stream. */
    void generate(Consumer<DemoRow> sink) {
        regions(sink);
        employees(sink, new SplittableRandom(SEED + 1));
        customers(sink, new SplittableRandom(SEED + 2));
        BigDecimal[] prices = products(sink, new SplittableRandom(SEED + 3));
        orders(sink, new SplittableRandom(SEED + 4), prices);
    }

    private void regions(Consumer<DemoRow> sink) {
        for (int id = 1; id <= REGION_DATA.length; id++) {
            sink.accept(row(REGIONS, "ID", id, "NAME", REGION_DATA[id - 1][0], "COUNTRY", REGION_DATA[id - 1][1]));
        }
    }

    private void employees(Consumer<DemoRow> sink, SplittableRandom random) {
        int regionCount = regions();
        for (int id = 1; id <= employees(); id++) {
            String first = pick(random, FIRST_NAMES);
            String last = pick(random, LAST_NAMES);
            int region = (id - 1) % regionCount + 1;
            boolean manager = id <= regionCount;
            sink.accept(row(EMPLOYEES, "ID", id,
                    "FIRST_NAME", first,
                    "LAST_NAME", last,
                    "EMAIL", email(first, last, id, "lalo-retail.example"),
                    "TITLE", manager ? "Regional Sales Director" : pick(random, TITLES),
                    "REGION_ID", region,
                    "MANAGER_ID", manager ? null : region,
                    "HIRE_DATE", Date.valueOf(LocalDate.of(2012, 1, 1).plusDays(random.nextInt(12 * 365))),
                    "SALARY", money(manager ? 140_000 + random.nextInt(40_000) : 48_000 + random.nextInt(70_000))));
        }
    }

    private void customers(Consumer<DemoRow> sink, SplittableRandom random) {
        for (int id = 1; id <= customers(); id++) {
            int region = random.nextInt(regions()) + 1;
            String segment = pick(random, SEGMENTS);
            String name = segment.equals("Consumer")
                    ? pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES)
                    : pick(random, COMPANY_WORDS) + " " + pick(random, COMPANY_KINDS);
            sink.accept(row(CUSTOMERS, "ID", id,
                    "NAME", name,
                    "EMAIL", email(name, "", id, "customer.example"),
                    "SEGMENT", segment,
                    "CITY", pick(random, CITIES[region - 1]),
                    "REGION_ID", region,
                    "SIGNUP_DATE", Date.valueOf(LocalDate.of(2019, 1, 1).plusDays(random.nextInt(6 * 365)))));
        }
    }

    private BigDecimal[] products(Consumer<DemoRow> sink, SplittableRandom random) {
        BigDecimal[] prices = new BigDecimal[products() + 1];
        for (int id = 1; id <= products(); id++) {
            String[] category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            String noun = category[1 + random.nextInt(category.length - 1)];
            BigDecimal price = BigDecimal.valueOf(199 + random.nextInt(49_800), 2);
            prices[id] = price;
            sink.accept(row(PRODUCTS, "ID", id,
                    "SKU", String.format(Locale.ROOT, "%s-%05d", category[0].substring(0, 3).toUpperCase(Locale.ROOT), id),
                    "NAME", pick(random, ADJECTIVES) + " " + noun,
                    "CATEGORY", category[0],
                    "UNIT_PRICE", price,
                    "UNIT_COST", price.multiply(BigDecimal.valueOf(45 + random.nextInt(35), 2))
                            .setScale(2, RoundingMode.HALF_UP),
                    "STOCK", random.nextInt(2_000)));
        }
        return prices;
    }

    private void orders(Consumer<DemoRow> sink, SplittableRandom random, BigDecimal[] prices) {
        int employeeCount = employees();
        for (long id = 1; id <= orders; id++) {
            int customer = random.nextInt(customers()) + 1;
            int employee = random.nextInt(employeeCount) + 1;
            int region = (employee - 1) % regions() + 1;
            LocalDate day = FIRST_ORDER_DAY.plusDays(random.nextInt(ORDER_DAYS));
            String status = pick(random, STATUSES);
            int lines = 1 + random.nextInt(5);
            BigDecimal total = BigDecimal.ZERO.setScale(2);
            DemoRow[] lineRows = new DemoRow[lines];
            for (int line = 1; line <= lines; line++) {
                int product = random.nextInt(prices.length - 1) + 1;
                int quantity = 1 + random.nextInt(8);
                BigDecimal discount = DISCOUNTS[random.nextInt(DISCOUNTS.length)];
                BigDecimal amount = prices[product].multiply(BigDecimal.valueOf(quantity))
                        .multiply(BigDecimal.ONE.subtract(discount)).setScale(2, RoundingMode.HALF_UP);
                total = total.add(amount);
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("ORDER_ID", id);
                key.put("LINE_NO", line);
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("PRODUCT_ID", product);
                value.put("QUANTITY", quantity);
                value.put("UNIT_PRICE", prices[product]);
                value.put("DISCOUNT", discount);
                lineRows[line - 1] = new DemoRow(ORDER_LINES, key, value);
            }
            sink.accept(row(ORDERS, "ID", id,
                    "CUSTOMER_ID", customer,
                    "EMPLOYEE_ID", employee,
                    "REGION_ID", region,
                    "ORDER_DATE", Date.valueOf(day),
                    "STATUS", status,
                    "TOTAL", total));
            for (DemoRow line : lineRows) {
                sink.accept(line);
            }
        }
    }

    /** A row with a single-column key followed by alternating column names and values. */
    private static DemoRow row(String table, String keyColumn, Object keyValue, Object... columns) {
        Map<String, Object> value = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i += 2) {
            value.put((String) columns[i], columns[i + 1]);
        }
        return new DemoRow(table, Map.of(keyColumn, keyValue), value);
    }

    private static String email(String first, String last, int id, String domain) {
        String local = (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".")
                .replaceAll("^\\.|\\.$", "");
        return local + id + "@" + domain;
    }

    private static BigDecimal money(int whole) {
        return BigDecimal.valueOf(whole).setScale(2);
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
