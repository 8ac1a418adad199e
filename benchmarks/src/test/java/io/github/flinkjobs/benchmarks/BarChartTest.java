package io.github.flinkjobs.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BarChartTest {

    @Test
    void oneBarPerVariantLongestForTheMostRecordsPerCpuSecond() throws Exception {
        Document svg = parse(BarChart.svg(SampleResults.of("after", 60_000), Optional.empty()));

        List<Element> bars = bars(svg, "#2b6cb0");
        assertThat(bars).extracting(bar -> bar.getAttribute("width")).containsExactly("420", "252", "168");
        assertThat(texts(svg)).contains("B0 raw copy", "Flight importer in <SQL>", "100,000 · 1.00× B0",
                "60,000 · 0.60× B0", "40,000 · 0.40× B0");
    }

    @Test
    void aBeforeRunAddsAGreyBarPerVariant() throws Exception {
        Document svg = parse(BarChart.svg(SampleResults.of("after", 60_000),
                Optional.of(SampleResults.of("before", 30_000))));

        assertThat(bars(svg, "#b0b7c3")).hasSize(4); // three variants and the legend
        assertThat(texts(svg)).contains("30,000 · 0.30× B0", "before (before)", "now (after)");
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> bars(Document svg, String color) {
        List<Element> bars = new ArrayList<>();
        NodeList rects = svg.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("fill").equals(color)) {
                bars.add(rect);
            }
        }
        return bars;
    }

    private static List<String> texts(Document svg) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = svg.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
