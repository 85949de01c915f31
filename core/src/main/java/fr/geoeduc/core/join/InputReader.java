package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one input of a jointure through the one door, {@link QueryService#execute}, with the caller: the policy
 * decides what the caller sees (a restricted dataset only under a convention, as its convention's view), and the
 * read is audited like any export. Never reads the store or the snapshots directly.
 */
final class InputReader {

    private final QueryService queries;

    InputReader(QueryService queries) {
        this.queries = queries;
    }

    JoinInput read(Caller caller, String datasetId, String side, ProgressListener progress) {
        QueryService.Visible visible = queries.dataset(caller, datasetId, null).orElseThrow(() -> notVisible(datasetId, side));
        int version = visible.version().number();
        QueryEngine.Request all = new QueryEngine.Request(null, List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("select", Locale.FRANCE, ZoneOffset.UTC));
        Schema schema = queries.execute(caller, datasetId, version, new Query.Prepare(all)).orElseThrow(() -> notVisible(datasetId, side));
        progress.step("lecture de " + datasetId + "@" + version, visible.version().rowCount());
        List<Object[]> rows = new ArrayList<>();
        List<String> names = schema.fields().stream().map(fr.geoeduc.core.model.Field::name).toList();
        // named one by one: "*" leaves out the fields GéoÉduc derives (position, commune_cog…), which joins need
        String select = names.stream().map(n -> "`" + n + "`").collect(java.util.stream.Collectors.joining(", "));
        QueryEngine.Request every = new QueryEngine.Request(select, List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("select", Locale.FRANCE, ZoneOffset.UTC));
        queries.execute(caller, datasetId, version, new Query.Export(every, row -> {
            Object[] values = new Object[names.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(names.get(i));
            }
            rows.add(values);
            if ((rows.size() & 0xFFF) == 0) {
                progress.progress(rows.size());
            }
        })).orElseThrow(() -> notVisible(datasetId, side));
        progress.progress(rows.size());
        progress.done();
        return new JoinInput(datasetId, version, visible.restricted(), schema, rows, visible.definition().roles(),
                visible.version().lineage() == null ? null : visible.version().lineage().sha256());
    }

    private static JoinException notVisible(String id, String side) {
        return new JoinException("jeu " + side + " inconnu ou qui ne vous est pas accessible : '" + id
                + "' (un jeu restreint ne se joint que sous une convention en vigueur de votre organisation)");
    }
}
