package io.github.flinkjobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's own PostgreSQL database, with helpers to run SQL and read rows back.
 *
 * @param jdbcUrl JDBC URL of the database
 * @param user user name
 * @param password password
 */
public record TestDatabase(String jdbcUrl, String user, String password) {

    /** A new connection; close it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * Writes the password to a new file in {@code directory}, for a job's {@code --jdbc-password-file} (a password
     * on the command line would show in process lists and in the job's parameters); the file.
     */
    public Path writePasswordFile(Path directory) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "jdbc-password", ".txt"), password);
    }

    /** Runs SQL statements (several separated by semicolons are fine). */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql, e);
        }
    }

    /** Creates the jobs' tables with the shared schema file, {@code sql/schema.sql}. */
    public void createTables() {
        executeScript(Repository.schema());
    }

    /** Runs a SQL script file, such as the repository's schema. */
    public void executeScript(Path script) {
        try {
            execute(Files.readString(script));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + script, e);
        }
    }

    /** The rows of a query, each as the list of its column values. */
    public List<List<Object>> query(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql, e);
        }
    }
}
