/*
 * What drawing table text costs in cairo's PDF surface, by how it is handed to cairo: the
 * measurement behind BENCHMARKS.md, "Rendering speed", step 1 of "What is left".
 *
 *   cc -O2 bench/text-drawing.c -o /tmp/text-drawing $(pkg-config --cflags --libs pangocairo cairo-pdf)
 *   /tmp/text-drawing
 *
 * A dense table page, as in the inventory and the raw-data annex: 60 rows of 7 cells in DejaVu
 * Sans 7.5 pt (a sample name, then "value ± uncertainty"), 20 pages, laid out once with the
 * service's options (72 dpi, no hinting, unrounded positions). Each mode draws the same glyphs at
 * the same places; the best of 15 renders is printed per mode:
 *   pango-per-cell:   cairo_save, colour, move_to, pango_cairo_show_layout_line, cairo_restore for
 *                     each cell (what PDFCanvas.text does today);
 *   cairo-per-run:    one cairo_show_text_glyphs per cell run, built from the same glyph string
 *                     (Pango's renderer taken out, cairo called as often);
 *   cairo-per-row:    the glyphs of a whole row gathered into one cairo_show_text_glyphs, with the
 *                     cluster map that keeps the text extractable.
 */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { ROWS = 60, COLS = 7, PAGES = 20, RUNS = 15, MAX_GLYPHS = 1024 };
enum Mode { PANGO_PER_CELL, CAIRO_PER_RUN, CAIRO_PER_ROW };
static const char *names[] = {"pango-per-cell", "cairo-per-run", "cairo-per-row"};

static PangoLayout *cells[ROWS][COLS];

static cairo_status_t count_bytes(void *closure, const unsigned char *data, unsigned int length) {
    (void)data;
    *(size_t *)closure += length;
    return CAIRO_STATUS_SUCCESS;
}

static double milliseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The glyphs and clusters of one glyph item, appended at x (cairo_show_text_glyphs' arrays). */
typedef struct {
    cairo_glyph_t glyphs[MAX_GLYPHS];
    cairo_text_cluster_t clusters[MAX_GLYPHS];
    char text[4 * MAX_GLYPHS];
    int glyph_count, cluster_count, text_length;
    cairo_scaled_font_t *font;
} Batch;

static double append(Batch *batch, PangoGlyphItem *item, const char *text, double x, double y) {
    PangoGlyphString *glyphs = item->glyphs;
    int advance = 0;
    for (int i = 0; i < glyphs->num_glyphs; i++) {
        cairo_glyph_t *glyph = &batch->glyphs[batch->glyph_count++];
        glyph->index = glyphs->glyphs[i].glyph;
        glyph->x = x + (double)(advance + glyphs->glyphs[i].geometry.x_offset) / PANGO_SCALE;
        glyph->y = y;
        advance += glyphs->glyphs[i].geometry.width;
    }
    PangoGlyphItemIter iter;
    for (gboolean more = pango_glyph_item_iter_init_start(&iter, item, text); more;
         more = pango_glyph_item_iter_next_cluster(&iter)) {
        cairo_text_cluster_t *cluster = &batch->clusters[batch->cluster_count++];
        cluster->num_glyphs = iter.end_glyph - iter.start_glyph;
        cluster->num_bytes = iter.end_index - iter.start_index;
    }
    memcpy(batch->text + batch->text_length, text + item->item->offset, item->item->length);
    batch->text_length += item->item->length;
    batch->font = pango_cairo_font_get_scaled_font((PangoCairoFont *)item->item->analysis.font);
    return x + (double)advance / PANGO_SCALE;
}

static void show(cairo_t *cr, Batch *batch) {
    cairo_set_scaled_font(cr, batch->font);
    cairo_show_text_glyphs(cr, batch->text, batch->text_length, batch->glyphs, batch->glyph_count,
                           batch->clusters, batch->cluster_count, 0);
    batch->glyph_count = batch->cluster_count = batch->text_length = 0;
}

static void draw_row(cairo_t *cr, enum Mode mode, int row, double y) {
    static Batch batch;
    for (int column = 0; column < COLS; column++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(cells[row][column], 0);
        const char *text = pango_layout_get_text(cells[row][column]);
        double x = 40 + column * 75;
        if (mode == PANGO_PER_CELL) {
            cairo_save(cr);
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            cairo_move_to(cr, x, y);
            pango_cairo_show_layout_line(cr, line);
            cairo_restore(cr);
            continue;
        }
        for (GSList *run = line->runs; run; run = run->next) {
            x = append(&batch, run->data, text, x, y);
            if (mode == CAIRO_PER_RUN) show(cr, &batch);
        }
    }
    if (mode == CAIRO_PER_ROW) show(cr, &batch);   /* one font in this table */
}

int main(void) {
    PangoContext *context = pango_font_map_create_context(pango_cairo_font_map_get_default());
    pango_cairo_context_set_resolution(context, 72);
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context, options);
    pango_context_set_round_glyph_positions(context, 0);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans 7.5");
    for (int row = 0; row < ROWS; row++) {
        for (int column = 0; column < COLS; column++) {
            char text[64];
            if (column == 0) snprintf(text, sizeof text, "SW-DM1-2026-%02d", row);
            else snprintf(text, sizeof text, "%d.%03d ± 0.%02d", column * 13 + row, row * 7 % 1000, row % 90);
            cells[row][column] = pango_layout_new(context);
            pango_layout_set_font_description(cells[row][column], font);
            pango_layout_set_text(cells[row][column], text, -1);
            pango_layout_get_line_readonly(cells[row][column], 0);   /* shaped here, not while drawing */
        }
    }
    for (enum Mode mode = PANGO_PER_CELL; mode <= CAIRO_PER_ROW; mode++) {
        double best = 1e9;
        size_t bytes = 0;
        for (int run = 0; run < RUNS; run++) {
            bytes = 0;
            double start = milliseconds();
            cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(count_bytes, &bytes, 595, 842);
            cairo_t *cr = cairo_create(surface);
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            for (int page = 0; page < PAGES; page++) {
                for (int row = 0; row < ROWS; row++) draw_row(cr, mode, row, 60 + row * 12);
                cairo_show_page(cr);
            }
            cairo_destroy(cr);
            cairo_surface_finish(surface);
            cairo_surface_destroy(surface);
            double elapsed = milliseconds() - start;
            if (elapsed < best) best = elapsed;
        }
        printf("%-15s %6.2f ms for %d pages, %.3f ms a page, %zu bytes\n", names[mode], best, PAGES, best / PAGES, bytes);
    }
    return 0;
}
