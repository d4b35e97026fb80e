<?php
// Read a GIFT or Moodle XML file with Moodle's own question-format parsers and print what
// Moodle would store, as JSON: one object per question (category entries left out).
//
//   php tools/lms/moodle_import.php MOODLE_ROOT gift|xml FILE
//
// MOODLE_ROOT is an extract of Moodle's source holding question/, lib/xmlize.php and
// question/engine/bank.php (see /work/shared/lms/README.md). Only Moodle's globals are
// stubbed here; the parsers, the cloze parser (qtype_multianswer_extract_question), the
// ordering type's import_from_xml (Moodle 4.5+) and the grade check of
// qformat_default::importprocess (match_grade_options) are Moodle's own code, loaded from
// MOODLE_ROOT. Exit 2 with a message on bad arguments.

if ($argc !== 4 || !in_array($argv[2], ['gift', 'xml'], true) || !is_file($argv[3])) {
    fwrite(STDERR, "usage: php moodle_import.php MOODLE_ROOT gift|xml FILE\n");
    exit(2);
}
[, $root, $format, $file] = $argv;
$root = rtrim(realpath($root), '/');

define('MOODLE_INTERNAL', true);
define('moodle_INTERNAL', true);  // Moodle's GIFT format checks this spelling.
foreach (['FORMAT_MOODLE' => 0, 'FORMAT_HTML' => 1, 'FORMAT_PLAIN' => 2, 'FORMAT_MARKDOWN' => 4] as $name => $value) {
    define($name, $value);
    if ($name === 'FORMAT_MOODLE') {
        define('FORMAT_moodle', $value);
    }
}
define('PARAM_TEXT', 'text');
define('PARAM_FILE', 'file');
define('PARAM_TAG', 'tag');

$CFG = new stdClass();
$CFG->dirroot = $root;
$CFG->libdir = "$root/lib";
$CFG->tempdir = sys_get_temp_dir();
$USER = (object) ['id' => 1];
$ERRORS = [];

class harness_output {
    public function notification($message, $type = '') {
        global $ERRORS;
        $ERRORS[] = strip_tags((string) $message);
    }
}
$OUTPUT = new harness_output();

function get_string($identifier, $component = '', $a = null) {
    return "[$component:$identifier]" . ($a === null ? '' : ' ' . json_encode($a));
}
function get_config($plugin, $name = null) {
    return $name === 'answernumbering' ? 'abc' : false;
}
function clean_param($value, $type) {
    return is_string($value) ? strip_tags($value) : $value;
}
function shorten_text($text, $length) {
    return mb_substr($text, 0, $length);
}
function format_float($value, $decimals = 1, $localized = true, $stripzeros = false) {
    return number_format((float) $value, $decimals, '.', '');
}
function s($text) {
    return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
}
function fullclone($thing) {
    return unserialize(serialize($thing));
}
function fix_utf8($value) {
    return $value;
}
function debugging($message = '') {
    global $ERRORS;
    $ERRORS[] = "debugging: $message";
}
function file_get_unused_draft_itemid() {
    return 0;
}
function context_user_instance() {
    return null;
}
class core_text {
    public static function strlen($text) {
        return mb_strlen($text);
    }
    public static function substr($text, $start, $length = null) {
        return mb_substr($text, $start, $length);
    }
    public static function strtolower($text) {
        return mb_strtolower($text);
    }
}
class core_tag_tag {
    public static function is_enabled($component, $itemtype) {
        return true;
    }
}
class moodle_exception extends Exception {
    public function __construct($errorcode, $module = '', $link = '', $a = null) {
        parent::__construct("$module:$errorcode " . json_encode($a));
    }
}
class coding_exception extends Exception {
}
// Declared so that Moodle's class files load; none of their methods is called.
abstract class question_type {
}
abstract class question_graded_automatically {
}
interface question_automatically_gradable {
}
abstract class qtype_multichoice_base {
    const LAYOUT_DROPDOWN = 0;
    const LAYOUT_VERTICAL = 1;
    const LAYOUT_HORIZONTAL = 2;
}

/** The source of a top-level function or a class method, cut out of a Moodle file. */
function moodle_code($path, $name, $prefix = 'function') {
    $source = file_get_contents($path);
    $start = strpos($source, "$prefix $name(");
    if ($start === false) {
        throw new RuntimeException("$name not found in $path");
    }
    $start = strrpos(substr($source, 0, $start), "\n") + 1;
    $depth = 0;
    $length = strlen($source);
    for ($i = strpos($source, '{', $start); $i < $length; $i++) {
        if ($source[$i] === '{') {
            $depth++;
        } else if ($source[$i] === '}' && --$depth === 0) {
            return substr($source, $start, $i - $start + 1);
        }
    }
    throw new RuntimeException("unbalanced $name in $path");
}

// question_bank: Moodle's own fraction table; question types limited to what is loaded here.
$bank = "$root/question/engine/bank.php";
eval('abstract class question_bank {
    private static $fractionoptions = null;
    private static $fractionoptionsfull = null;
    private static $qtypes = [];
    ' . moodle_code($bank, 'ensure_fraction_options_initialised', 'protected static function') . '
    ' . moodle_code($bank, 'fraction_options_full', 'public static function') . '
    public static function get_qtype($name, $mustexist = true) {
        return self::get_all_qtypes()[$name] ?? null;
    }
    public static function get_all_qtypes() {
        global $CFG;
        if (!self::$qtypes && is_file("$CFG->dirroot/question/type/ordering/questiontype.php")) {
            require_once("$CFG->dirroot/question/type/ordering/questiontype.php");
            self::$qtypes["ordering"] = new qtype_ordering();
        }
        return self::$qtypes;
    }
}');
eval(moodle_code("$root/lib/questionlib.php", 'match_grade_options'));

// The cloze parser: its regexes and functions, from the end of multianswer/questiontype.php.
$multianswer = file_get_contents("$root/question/type/multianswer/questiontype.php");
$cut = strpos($multianswer, "// ANSWER_ALTERNATIVE regexes.");
eval(substr($multianswer, $cut));

require_once("$root/question/format.php");
if ($format === 'gift') {
    require_once("$root/question/format/gift/format.php");
    $class = 'qformat_gift';
} else {
    require_once("$root/lib/xmlize.php");
    require_once("$root/question/format/xml/format.php");
    $class = 'qformat_xml';
}
$reader = new $class();
// readquestions is protected in qformat_default; a bound closure calls it. (A subclass would
// change the class name, from which Moodle derives the import_from_<format> method name.)
$read = Closure::bind(function ($lines) {
    return $this->readquestions($lines);
}, $reader, $class);
$reader->displayerrors = false;

// qformat_default::readdata, without the file API: lines as Moodle reads them.
$lines = file($file);
if (substr($lines[0] ?? '', 0, 3) === "\xEF\xBB\xBF") {
    $lines[0] = substr($lines[0], 3);
}
ob_start();
$questions = $read($lines) ?: [];
$printed = trim(strip_tags(ob_get_clean()));
if ($printed !== '') {
    $ERRORS[] = $printed;
}

function text_of($value) {
    if (is_array($value)) {
        return ['text' => (string) ($value['text'] ?? ''), 'format' => (int) ($value['format'] ?? 0)];
    }
    return ['text' => (string) $value, 'format' => null];
}

function answers_of($q) {
    $answers = [];
    foreach ((is_array($q->answer ?? null) ? $q->answer : []) as $key => $answer) {
        $answers[] = [
            'text' => text_of($answer),
            'fraction' => isset($q->fraction[$key]) ? (float) $q->fraction[$key] : null,
            'feedback' => isset($q->feedback[$key]) ? text_of($q->feedback[$key]) : null,
            'tolerance' => isset($q->tolerance[$key]) && $q->tolerance[$key] !== '' ? (float) $q->tolerance[$key] : null,
        ];
    }
    return $answers;
}

$gradeoptions = question_bank::fraction_options_full();
$out = [];
foreach ($questions as $q) {
    if ($q->qtype === 'category') {
        continue;
    }
    $invalid = [];
    foreach ((is_array($q->fraction ?? null) ? $q->fraction : []) as $fraction) {
        if (match_grade_options($gradeoptions, $fraction, 'error') === false) {
            $invalid[] = $fraction;
        }
    }
    $entry = [
        'qtype' => $q->qtype,
        'name' => $q->name,
        'idnumber' => $q->idnumber ?? null,
        'tags' => array_values($q->tags ?? []),
        'questiontext' => text_of(['text' => $q->questiontext, 'format' => $q->questiontextformat]),
        'generalfeedback' => text_of(['text' => $q->generalfeedback, 'format' => $q->generalfeedbackformat ?? 0]),
        'defaultmark' => (float) $q->defaultmark,
        'penalty' => (float) $q->penalty,
        'invalid_fractions' => $invalid,
        'answers' => answers_of($q),
    ];
    if (isset($q->single)) {
        $entry['single'] = (bool) $q->single;
    }
    if (isset($q->usecase)) {
        $entry['usecase'] = (int) $q->usecase;
    }
    if (isset($q->shuffleanswers)) {
        $entry['shuffleanswers'] = (bool) $q->shuffleanswers;
    }
    if ($q->qtype === 'truefalse') {
        $entry['correctanswer'] = (bool) $q->correctanswer;
        $entry['feedbacktrue'] = text_of($q->feedbacktrue);
        $entry['feedbackfalse'] = text_of($q->feedbackfalse);
    }
    if ($q->qtype === 'match') {
        $entry['subquestions'] = [];
        foreach ($q->subquestions as $key => $sub) {
            $entry['subquestions'][] = ['text' => text_of($sub), 'answer' => (string) $q->subanswers[$key]];
        }
    }
    if ($q->qtype === 'ordering') {
        foreach (['layouttype', 'selecttype', 'selectcount', 'gradingtype', 'showgrading'] as $field) {
            $entry[$field] = $q->$field;
        }
    }
    if ($q->qtype === 'multianswer') {
        $entry['subquestions'] = [];
        foreach ($q->options->questions as $position => $sub) {
            $entry['subquestions'][] = [
                'position' => $position,
                'qtype' => $sub->qtype,
                'defaultmark' => (float) $sub->defaultmark,
                'usecase' => (int) ($sub->usecase ?? 0),
                'answers' => answers_of($sub),
            ];
        }
    }
    if ($q->qtype === 'essay') {
        $entry['graderinfo'] = text_of($q->graderinfo);
    }
    $out[] = $entry;
}
echo json_encode(['questions' => $out, 'errors' => $ERRORS], JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
