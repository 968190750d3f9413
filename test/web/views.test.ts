// The templates' output: indentation taken out of what is sent, never out of what a person typed.
import test from 'ava';
import { renderPage, withoutIndentation } from '../../web/views';

test('indentation is taken out of templates, but not out of <pre> or <textarea> content', (t) => {
  const source = '<div>\n    <p>\n      {{text}}\n    </p>\n  <textarea>\n  kept\n    as is</textarea>\n  <pre>\n  also\n    kept</pre>\n</div>';
  t.is(withoutIndentation(source), '<div>\n<p>\n{{text}}\n</p>\n<textarea>\n  kept\n    as is</textarea>\n<pre>\n  also\n    kept</pre>\n</div>');
});

test('a page keeps a line break where its source had one, and what a person typed keeps its spaces', (t) => {
  const html = renderPage('cases/comment', {
    title: 'Add comment',
    record: { reference: '00098601' },
    values: { body: 'Line one\n    indented line two' },
    errors: [],
  });
  t.notRegex(html, /\n[ \t]+</, 'no indented tag left');
  t.true(html.includes('Line one\n    indented line two'), 'the typed text is untouched');
  t.true(html.includes('&ndash; Attendance service</title>'));
});
