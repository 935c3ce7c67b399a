package org.cbrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout, initialisation, text and file forms of models with several readout heads. */
class MultiHeadModelTest {

    @Test
    void aSingleHeadKeepsItsTensorNamesAndHeadsFollowTheCoreAndCerebellumInOrder() {
        List<String> one = ModelConfig.cbRnn().parameterSpecs().stream().map(ParamSpec::name).toList();
        assertEquals(List.of("head.weight", "head.bias"), one.subList(one.size() - 2, one.size()));
        ModelConfig three = ModelConfig.cbRnn().withNumHeads(3);
        List<String> names = three.parameterSpecs().stream().map(ParamSpec::name).toList();
        assertEquals(one.subList(0, one.size() - 2), names.subList(0, one.size() - 2));
        assertEquals(List.of("head0.weight", "head0.bias", "head1.weight", "head1.bias", "head2.weight", "head2.bias"),
                names.subList(one.size() - 2, names.size()));
        for (ParamSpec s : three.parameterSpecs()) {
            int k = three.headOf(s.name());
            assertEquals(s.name().startsWith("head") ? Module.READOUT : s.module(), s.module());
            assertEquals(s.name().startsWith("head") ? Integer.parseInt(s.name().substring(4, 5)) : -1, k, s.name());
        }
        assertEquals(0, ModelConfig.cbRnn().headOf("head.bias"));
        assertEquals(-1, ModelConfig.cbRnn().headOf("head0.bias"));
        assertEquals(-1, three.headOf("head.bias"));
        assertThrows(IllegalArgumentException.class, () -> three.headName(3));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.cbRnn().withNumHeads(0));
    }

    @Test
    void extraHeadsDoNotChangeTheDrawsOfTheOtherTensors() {
        // heads are drawn last, so a K-head model from seed s starts with the single-head model of seed s
        Parameters one = Model.create(ModelConfig.cbRnn(), 5).parameters();
        Parameters two = Model.create(ModelConfig.cbRnn().withNumHeads(2), 5).parameters();
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), two.get(i), one.spec(i).name());
        // and the second head is a draw of its own
        assertEquals(false, java.util.Arrays.equals(two.get("head0.weight"), two.get("head1.weight")));
    }

    @Test
    void multiHeadModelsRoundTripThroughTextAndFiles(@TempDir Path dir) throws Exception {
        ModelConfig c = ModelConfig.cbRnn().withInputSize(2).withNumHeads(2);
        assertEquals(c, ModelConfig.fromProperties(c.toProperties()));
        assertEquals("CB-RNN H64 GC256 PC64 2 heads", c.label());
        Model m = Model.create(c, 9);
        Path f = dir.resolve("two.model");
        m.save(f);
        Model back = Model.load(f);
        assertEquals(c, back.config());
        for (int i = 0; i < m.parameters().size(); i++) assertArrayEquals(m.parameters().get(i), back.parameters().get(i));
        // a single-head file is written without the head count, as before
        Path g = dir.resolve("one.model");
        Model.create(ModelConfig.cbRnn(), 9).save(g);
        assertEquals(ModelConfig.cbRnn(), Model.load(g).config());
    }
}
