package fr.geoeduc.core.join;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The join spec file: its shape, and errors that name the spec's line and say what to do. */
class JoinPlanParserTest {

    @Test
    void readsKeySpatialAndAggregationSteps() {
        JoinPlan plan = JoinPlanParser.parse("""
                id: ecoles-35
                title: Écoles
                from: effectifs
                max_rows: 1000
                joins:
                  - dataset: ips
                    on: [uai, rentree_scolaire]
                    how: full
                    aggregate: {ips: mean, effectif: "wmean:poids"}
                  - dataset: communes-2018
                    spatial: {point: position, check: code_commune=code, tolerance_m: 100}
                    fields: [code]
                """, "s.yaml");
        assertThat(plan.id()).isEqualTo("ecoles-35");
        assertThat(plan.maxRows()).isEqualTo(1000);
        JoinPlan.KeyStep k = (JoinPlan.KeyStep) plan.steps().get(0);
        assertThat(k.on()).containsExactly("uai", "rentree_scolaire");
        assertThat(k.how()).isEqualTo(JoinKind.FULL);
        assertThat(k.aggregate()).extracting(FieldAggregation::toString).containsExactly("ips:mean", "effectif:wmean:poids");
        assertThat(k.line()).isEqualTo(6);
        JoinPlan.SpatialStep s = (JoinPlan.SpatialStep) plan.steps().get(1);
        assertThat(s.point()).isEqualTo("position");
        assertThat(s.check()).isEqualTo("code_commune=code");
        assertThat(s.toleranceMetres()).isEqualTo(100);
        assertThat(s.line()).isEqualTo(10);
    }

    @Test
    void errorsNameTheLineAndWhatToDo() {
        assertThatThrownBy(() -> JoinPlanParser.parse("id: x\nfrom: a\njoins:\n  - dataset: b\n    on: [uai\n", "s.yaml"))
                .isInstanceOf(JoinException.class).hasMessageContaining("s.yaml, ligne ").hasMessageContaining("YAML invalide");
        assertThatThrownBy(() -> JoinPlanParser.parse("id: x\nfrom: a\njoins:\n  - dataset: b\n    onn: [uai]\n", "s.yaml"))
                .hasMessageContaining("ligne 5").hasMessageContaining("clé inconnue 'onn'");
        assertThatThrownBy(() -> JoinPlanParser.parse("id: x\nfrom: a\njoins:\n  - dataset: b\n", "s.yaml"))
                .hasMessageContaining("ligne 4").hasMessageContaining("on: [uai]");
        assertThatThrownBy(() -> JoinPlanParser.parse("id: x\njoins:\n  - dataset: b\n    on: uai\n", "s.yaml"))
                .hasMessageContaining("'from' manquant");
        assertThatThrownBy(() -> JoinPlanParser.parse("id: x\nfrom: a\njoins:\n  - dataset: b\n    on: uai\n    how: sideways\n", "s.yaml"))
                .hasMessageContaining("ligne 6").hasMessageContaining("inner, left, full");
        assertThatThrownBy(() -> JoinPlanParser.parse("id: x\nfrom: a\njoins:\n  - dataset: b\n    on: uai\n    aggregate: [ips]\n", "s.yaml"))
                .hasMessageContaining("ligne 6");
    }
}
