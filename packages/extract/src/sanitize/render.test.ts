import { extract } from '../extract';
import { sanitizeHtml } from './render';

const BASE = 'https://example.org/ticker/sturmflut';

describe('sanitizeHtml', () => {
  test.each([
    ['script element', '<p>Text<script>alert(1)</script></p>', '<p>Text</p>'],
    ['style element', '<style>p{color:red}</style><p>Text</p>', '<p>Text</p>'],
    ['event handler attribute', '<p onclick="alert(1)" onmouseover="x()">Text</p>', '<p>Text</p>'],
    ['javascript: link', '<a href="javascript:alert(1)">Klick</a>', 'Klick'],
    ['obfuscated javascript: link', '<a href="  jav&#x09;ascript:alert(1)">Klick</a>', 'Klick'],
    ['upper-case JAVASCRIPT: link', '<a href="JAVASCRIPT:alert(1)">Klick</a>', 'Klick'],
    ['data: link', '<a href="data:text/html,<script>alert(1)</script>">Klick</a>', 'Klick'],
    ['vbscript: link', '<a href="vbscript:msgbox(1)">Klick</a>', 'Klick'],
    ['relative link resolved', '<a href="../wetter?x=1&amp;y=2" target="_blank" rel="x">Wetter</a>', '<a href="https://example.org/wetter?x=1&amp;y=2">Wetter</a>'],
    ['mailto link kept', '<a href="mailto:redaktion@example.org">Mail</a>', '<a href="mailto:redaktion@example.org">Mail</a>'],
    ['iframe with content', '<iframe src="https://evil.example"><p>x</p></iframe><p>Text</p>', '<p>Text</p>'],
    ['img with onerror', '<img src=x onerror="alert(1)"><p>Text</p>', '<p>Text</p>'],
    ['svg with script', '<svg><script>alert(1)</script></svg><p>Text</p>', '<p>Text</p>'],
    ['style attribute', '<p style="background:url(javascript:alert(1))">Text</p>', '<p>Text</p>'],
    ['unknown tags unwrapped', '<div class="x"><span>Ein</span> <font>Text</font></div>', 'Ein Text'],
    ['allowed tags kept bare', '<h2 id="a">Titel</h2><ul><li><strong class="s">fett</strong> <em>kursiv</em></li></ul><blockquote>Zitat</blockquote>', '<h2>Titel</h2><ul><li><strong>fett</strong> <em>kursiv</em></li></ul><blockquote>Zitat</blockquote>'],
    ['text escaped', '<p>a &lt;b&gt; &amp; "c"</p>', '<p>a &lt;b&gt; &amp; &quot;c&quot;</p>'],
    ['attribute breakout', '<a href="https://example.org/&quot;onmouseover=&quot;alert(1)">x</a>', '<a href="https://example.org/%22onmouseover=%22alert(1)">x</a>'],
    ['comment', '<p>Text<!-- <script>alert(1)</script> --></p>', '<p>Text</p>'],
    ['form controls', '<form action="/x"><input value="x"><button>Los</button></form><p>Text</p>', '<p>Text</p>'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeHtml(input, BASE)).toBe(expected);
  });
});

describe('entry html from a page', () => {
  test('keeps the allow-listed markup of the source paragraphs, links absolute, nothing executable', () => {
    const body =
      '<html><body><article>' +
      '<p onclick="steal()">Die <b>Feuerwehr</b> meldet <a href="/lage" onclick="x()">neue Pegelstände</a> für die Elbe am Morgen.<script>alert(1)</script></p>' +
      '<p>Die Schulen bleiben <a href="javascript:alert(1)">geschlossen</a>, teilt die Stadt am Mittag mit.</p>' +
      '</article></body></html>';
    const [entry] = extract({ body, url: BASE }).entries;
    expect(entry?.html).toBe(
      '<p>Die <b>Feuerwehr</b> meldet <a href="https://example.org/lage">neue Pegelstände</a> für die Elbe am Morgen.</p>\n' +
        '<p>Die Schulen bleiben geschlossen, teilt die Stadt am Mittag mit.</p>',
    );
  });
});
