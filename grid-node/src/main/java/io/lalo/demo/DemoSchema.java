package io.lalo.demo;

import io.lalo.schema.ForeignKey;
import java.util.List;

/**
 * The retail/operations demo schema: regions, employees, customers, products, orders and order lines. Order lines
 * are co-located with their order (affinity key {@code ORDER_ID}), so joining an order to its lines never leaves
 * the node that holds them.
 */
final class DemoSchema {

    static final String REGIONS = "REGIONS";
    static final String EMPLOYEES = "EMPLOYEES";
    static final String CUSTOMERS = "CUSTOMERS";
    static final String PRODUCTS = "PRODUCTS";
    static final String ORDERS = "ORDERS";
    static final String ORDER_LINES = "ORDER_LINES";

    /** Tables in creation order: every table comes after the tables it references. */
    static final List<String> TABLES = List.of(REGIONS, EMPLOYEES, CUSTOMERS, PRODUCTS, ORDERS, ORDER_LINES);

    static final String ORDER_LINE_KEY_TYPE = "io.lalo.demo.OrderLineKey";

    static final List<ForeignKey> FOREIGN_KEYS = List.of(
            ForeignKey.of(EMPLOYEES, "REGION_ID", REGIONS, "ID"),
            ForeignKey.of(EMPLOYEES, "MANAGER_ID", EMPLOYEES, "ID"),
            ForeignKey.of(CUSTOMERS, "REGION_ID", REGIONS, "ID"),
            ForeignKey.of(ORDERS, "CUSTOMER_ID", CUSTOMERS, "ID"),
            ForeignKey.of(ORDERS, "EMPLOYEE_ID", EMPLOYEES, "ID"),
            ForeignKey.of(ORDERS, "REGION_ID", REGIONS, "ID"),
            ForeignKey.of(ORDER_LINES, "ORDER_ID", ORDERS, "ID"),
            ForeignKey.of(ORDER_LINES, "PRODUCT_ID", PRODUCTS, "ID"));

    private DemoSchema() {
    }

    /** The DDL of every table and index, each statement idempotent. */
    static List<String> ddl(int backups) {
        String partitioned = "template=partitioned,backups=" + backups;
        return List.of(
                "CREATE TABLE IF NOT EXISTS REGIONS (ID INT PRIMARY KEY, NAME VARCHAR(64) NOT NULL, "
                        + "COUNTRY VARCHAR(64) NOT NULL) "
                        + with("template=replicated", REGIONS),
                "CREATE TABLE IF NOT EXISTS EMPLOYEES (ID INT PRIMARY KEY, FIRST_NAME VARCHAR(64) NOT NULL, "
                        + "LAST_NAME VARCHAR(64) NOT NULL, EMAIL VARCHAR(128) NOT NULL, TITLE VARCHAR(64) NOT NULL, "
                        + "REGION_ID INT NOT NULL, MANAGER_ID INT, HIRE_DATE DATE NOT NULL, "
                        + "SALARY DECIMAL(10, 2) NOT NULL) "
                        + with("template=replicated", EMPLOYEES),
                "CREATE TABLE IF NOT EXISTS CUSTOMERS (ID INT PRIMARY KEY, NAME VARCHAR(128) NOT NULL, "
                        + "EMAIL VARCHAR(128) NOT NULL, SEGMENT VARCHAR(32) NOT NULL, CITY VARCHAR(64) NOT NULL, "
                        + "REGION_ID INT NOT NULL, SIGNUP_DATE DATE NOT NULL) "
                        + with(partitioned, CUSTOMERS),
                "CREATE TABLE IF NOT EXISTS PRODUCTS (ID INT PRIMARY KEY, SKU VARCHAR(32) NOT NULL, "
                        + "NAME VARCHAR(128) NOT NULL, CATEGORY VARCHAR(64) NOT NULL, "
                        + "UNIT_PRICE DECIMAL(10, 2) NOT NULL, UNIT_COST DECIMAL(10, 2) NOT NULL, "
                        + "STOCK INT NOT NULL) "
                        + with("template=replicated", PRODUCTS),
                "CREATE TABLE IF NOT EXISTS ORDERS (ID BIGINT PRIMARY KEY, CUSTOMER_ID INT NOT NULL, "
                        + "EMPLOYEE_ID INT NOT NULL, REGION_ID INT NOT NULL, ORDER_DATE DATE NOT NULL, "
                        + "STATUS VARCHAR(16) NOT NULL, TOTAL DECIMAL(12, 2) NOT NULL) "
                        + with(partitioned, ORDERS),
                "CREATE TABLE IF NOT EXISTS ORDER_LINES (ORDER_ID BIGINT NOT NULL, LINE_NO INT NOT NULL, "
                        + "PRODUCT_ID INT NOT NULL, QUANTITY INT NOT NULL, UNIT_PRICE DECIMAL(10, 2) NOT NULL, "
                        + "DISCOUNT DECIMAL(4, 2) NOT NULL, PRIMARY KEY (ORDER_ID, LINE_NO)) "
                        + with(partitioned + ",affinity_key=ORDER_ID,key_type=" + ORDER_LINE_KEY_TYPE, ORDER_LINES),
                "CREATE INDEX IF NOT EXISTS IDX_EMPLOYEES_REGION ON EMPLOYEES (REGION_ID)",
                "CREATE INDEX IF NOT EXISTS IDX_CUSTOMERS_REGION ON CUSTOMERS (REGION_ID)",
                "CREATE INDEX IF NOT EXISTS IDX_ORDERS_CUSTOMER ON ORDERS (CUSTOMER_ID)",
                "CREATE INDEX IF NOT EXISTS IDX_ORDERS_DATE ON ORDERS (ORDER_DATE)",
                "CREATE INDEX IF NOT EXISTS IDX_ORDER_LINES_PRODUCT ON ORDER_LINES (PRODUCT_ID)");
    }

    /** The binary type name of a table's rows, named so that they read well in Ignite's tooling. */
    static String valueType(String table) {
        return "io.lalo.demo." + table;
    }

    private static String with(String options, String table) {
        return "WITH \"" + options + ",cache_name=" + table + ",value_type=" + valueType(table) + "\"";
    }
}
