<?php
// Import a gradebook CSV with Moodle's own grade import code (Grades > Import > CSV file)
// and print, as JSON, what Moodle read and what it would put in the gradebook.
//
//   php tools/lms/moodle_grade_import.php MOODLE_ROOT CSV IMPORT_JSON
//
// MOODLE_ROOT is an extract of Moodle's source holding lib/csvlib.class.php,
// lib/classes/text.php, grade/import/lib.php and grade/import/csv/classes/load_data.php
// (see /work/shared/lms/README.md). IMPORT_JSON describes the site and the instructor's
// choices on Moodle's two import pages:
//
//   {"users": [{"id": 5, "username": "...", "email": "...", "idnumber": "...",
//               "firstname": "...", "lastname": "..."}, ...],   // Moodle's user table
//    "items": [{"id": 7, "itemname": "...", "grademax": 100, "grademin": 0}],  // grade items
//    "encoding": "UTF-8", "separator": "comma",                // the upload form
//    "map_from": "ID number", "map_to": "useridnumber",        // "Identify user by"
//    "columns": {"<CSV header>": "7"}}                          // mapping_N: item id, 'new'
//                                                               // or 'feedback_7'; else ignored
//
// The run is Moodle's: gradeimport_csv_load_data::load_csv_content (csv_import_reader,
// its column-count check and preview), then prepare_import_grade_data with the mapping
// form's data, which maps each row's user (check_user_exists), parses the grade
// (unformat_float), checks the item's range and buffers the values grade_import_commit
// would write. Stubbed: the database (answers from IMPORT_JSON), grade_item/grade_grade
// (the items of IMPORT_JSON, never locked), get_string (component:identifier), paths.
// Output: {"csv_error", "header", "rows", "status", "errors", "values"}; "values" are the
// buffered grade_import_values rows, one per mapped user and grade column.
// Exit 2 with a message on bad arguments.

if ($argc !== 4 || !is_file($argv[1] . '/lib/csvlib.class.php') || !is_file($argv[2]) || !is_file($argv[3])) {
    fwrite(STDERR, "usage: php moodle_grade_import.php MOODLE_ROOT CSV IMPORT_JSON\n");
    exit(2);
}
[, $root, $csvfile, $specfile] = $argv;
$root = rtrim(realpath($root), '/');
$spec = json_decode(file_get_contents($specfile), true);
if (!is_array($spec) || !isset($spec['users'], $spec['items'], $spec['map_from'], $spec['map_to'])) {
    fwrite(STDERR, "$specfile: needs users, items, map_from and map_to\n");
    exit(2);
}

define('MOODLE_INTERNAL', true);
define('moodle_INTERNAL', true);  // The 4.5 extract spells it so.
define('PARAM_RAW', 'raw');
define('PARAM_INT', 'int');
define('PARAM_FILE', 'file');
define('MUST_EXIST', 2);
define('IGNORE_MISSING', 0);
define('MEMORY_EXTRA', -3);
define('GRADE_TYPE_VALUE', 1);
define('GRADE_TYPE_SCALE', 2);
define('FORMAT_MOODLE', 0);
define('FORMAT_moodle', 0);

$CFG = new stdClass();
$CFG->dirroot = $root;
$CFG->libdir = "$root/lib";
$CFG->tempdir = sys_get_temp_dir() . '/moodle-grade-import-' . getmypid();
$CFG->unlimitedgrades = 0;  // Site administration > Grades > General settings, as installed.
$CFG->gradepointmax = 100;
$USER = (object) ['id' => 2];

/** A top-level function cut out of Moodle's files (by default lib/*.php: moodlelib is renamed in one extract). */
function moodle_function($name, $paths = null) {
    global $CFG;
    foreach ($paths ?? glob("$CFG->libdir/*.php") as $path) {
        $source = file_get_contents($path);
        $start = strpos($source, "\nfunction $name(");
        if ($start === false) {
            continue;
        }
        $depth = 0;
        for ($i = strpos($source, '{', $start); $i < strlen($source); $i++) {
            if ($source[$i] === '{') {
                $depth++;
            } else if ($source[$i] === '}' && --$depth === 0) {
                return substr($source, $start, $i - $start + 1);
            }
        }
    }
    throw new RuntimeException("$name not found in $CFG->libdir");
}
// Moodle's own: invalid UTF-8 handling and the grade parser the import uses.
eval(moodle_function('fix_utf8'));
eval(moodle_function('unformat_float'));

$STRINGS = [
    'langconfig:decsep' => '.',  // English, as on a default site.
    'langconfig:thousandssep' => ',',
    'langconfig:labelsep' => ': ',
    'gradeexport_txt:timeexported' => 'Last downloaded from this course',
];
function get_string($identifier, $component = '', $a = null) {
    global $STRINGS;
    if (isset($STRINGS["$component:$identifier"])) {
        return $STRINGS["$component:$identifier"];
    }
    return "[$component:$identifier]" . ($a === null ? '' : ' ' . json_encode($a, JSON_UNESCAPED_UNICODE));
}
function clean_param($value, $type) {
    // Moodle's PARAM_RAW is fix_utf8 and nothing else; PARAM_INT an integer cast.
    return $type === PARAM_INT ? (int) $value : fix_utf8($value);
}
function make_temp_directory($directory) {
    global $CFG;
    $path = $CFG->tempdir . '/' . trim($directory, '/');
    if (!is_dir($path)) {
        mkdir($path, 0700, true);
    }
    return $path;
}
function remove_tree($path) {
    foreach (is_dir($path) ? scandir($path) : [] as $name) {
        if ($name !== '.' && $name !== '..') {
            is_dir("$path/$name") ? remove_tree("$path/$name") : unlink("$path/$name");
        }
    }
    if (is_dir($path)) {
        rmdir($path);
    }
}
function raise_memory_limit($limit) {
    return true;
}
class core_php_time_limit {
    public static function raise($seconds = 0) {
    }
}
function format_float($value, $decimals = 1) {
    return number_format((float) $value, $decimals, '.', '');
}
function print_error($errorcode, $module = '', $link = '', $a = null) {  // Moodle 4.1
    throw new moodle_exception($errorcode, $module, $link, $a);
}
class moodle_exception extends Exception {
    public function __construct($errorcode, $module = '', $link = '', $a = null) {
        parent::__construct("[$module:$errorcode] " . json_encode($a));
    }
}
class coding_exception extends Exception {
}
class dml_missing_record_exception extends Exception {
}
class dml_multiple_records_exception extends Exception {
}

/** Moodle's user table and the import buffer tables, from IMPORT_JSON. */
class harness_db {
    public $users;
    public $tables = ['grade_import_values' => [], 'grade_import_newitem' => []];
    private $nextid = 1;

    public function __construct(array $users) {
        $this->users = $users;
    }

    public function sql_equal($fieldname, $param, $casesensitive = true, $accentsensitive = true, $notequal = false) {
        return ($casesensitive ? '' : 'LOWER') . "($fieldname) = ($param)";
    }

    public function get_record_select($table, $select, array $params = null, $fields = '*', $strictness = IGNORE_MISSING) {
        if ($table !== 'user' || count($params) !== 1) {
            throw new coding_exception("unexpected query on $table: $select");
        }
        $field = array_key_first($params);
        $wanted = (string) $params[$field];
        $insensitive = strpos($select, 'LOWER(') === 0;
        $found = [];
        foreach ($this->users as $user) {
            $value = (string) ($user[$field] ?? '');
            if ($insensitive ? mb_strtolower($value) === mb_strtolower($wanted) : $value === $wanted) {
                $found[] = (object) $user;
            }
        }
        if (count($found) > 1) {
            throw new dml_multiple_records_exception("$field = $wanted");
        }
        if (!$found) {
            if ($strictness === MUST_EXIST) {
                throw new dml_missing_record_exception("$field = $wanted");
            }
            return false;
        }
        return $found[0];
    }

    public function insert_record($table, $record, $returnid = true) {
        $record = clone $record;
        $record->id = $this->nextid++;
        $this->tables[$table][$record->id] = $record;
        return $record->id;
    }

    public function update_record($table, $record) {
        $this->tables[$table][$record->id] = (object) array_merge((array) $this->tables[$table][$record->id], (array) $record);
        return true;
    }

    public function delete_records($table, array $conditions = null) {
        foreach ($this->tables[$table] as $id => $record) {
            $match = true;
            foreach ((array) $conditions as $field => $value) {
                $match = $match && isset($record->$field) && $record->$field == $value;
            }
            if ($match) {
                unset($this->tables[$table][$id]);
            }
        }
        return true;
    }

    public function get_record_sql($sql, array $params = null) {
        [$importcode, $userid, $itemid, $importer] = $params;  // the feedback lookup, its only use
        foreach ($this->tables['grade_import_values'] as $record) {
            if ($record->importcode == $importcode && $record->userid == $userid && ($record->itemid ?? null) == $itemid) {
                return $record;
            }
        }
        return false;
    }
}
$DB = new harness_db($spec['users']);

/** The course's grade items, as Moodle's grade_item loads them by id (defaults when unknown). */
class grade_item {
    public $id = null;
    public $courseid = null;
    public $itemname = null;
    public $gradetype = GRADE_TYPE_VALUE;
    public $grademax = 100;  // grade_item's own defaults
    public $grademin = 0;

    public function __construct($params = null, $fetch = true) {
        global $ITEMS;
        foreach ($ITEMS as $item) {
            if (isset($params['id']) && $item['id'] == $params['id']) {
                foreach ($item as $field => $value) {
                    $this->$field = $value;
                }
            }
        }
    }

    public function is_locked($userid = null) {
        return false;
    }
}
class grade_grade {
    public function __construct($params = null, $fetch = true) {
    }

    public function is_locked() {
        return false;
    }

    public function get_dategraded() {
        return null;
    }
}
$ITEMS = $spec['items'];

require_once("$root/lib/classes/text.php");
require_once("$root/lib/csvlib.class.php");
// grade/import/lib.php requires the whole gradebook; its buffer clean-up is all the import calls.
eval(moodle_function('import_cleanup', ["$root/grade/import/lib.php"]));
require_once("$root/grade/import/csv/classes/load_data.php");

// Page 1: the upload form (encoding, separator) and Moodle's preview.
$loader = new gradeimport_csv_load_data();
$loader->load_csv_content(file_get_contents($csvfile), $spec['encoding'] ?? 'UTF-8', $spec['separator'] ?? 'comma', 10);
$out = ['csv_error' => $loader->get_error(), 'header' => null, 'rows' => [], 'status' => false, 'errors' => [], 'values' => []];
if (empty($out['csv_error'])) {
    // Page 2: index.php reopens the stored file and submits the mapping form.
    $reader = new csv_import_reader($loader->get_iid(), 'grade');
    $header = $reader->get_columns();
    $out['header'] = $header;
    $reader->init();
    while ($line = $reader->next()) {
        $out['rows'][] = $line;
    }
    $form = (object) ['importcode' => 1, 'forceimport' => false, 'mapto' => $spec['map_to']];
    $mapfrom = array_search($spec['map_from'], array_map('trim', $header), true);
    if ($mapfrom === false) {
        $out['errors'][] = "harness: no column '{$spec['map_from']}' to map users from";
    } else {
        $form->mapfrom = $mapfrom;
        foreach ($header as $i => $name) {
            $form->{"mapping_$i"} = (string) ($spec['columns'][trim($name)] ?? '0');
        }
        $importer = new gradeimport_csv_load_data();
        try {
            $out['status'] = (bool) $importer->prepare_import_grade_data($header, $form, $reader, 1, false, 0, true);
        } catch (moodle_exception $e) {
            $out['errors'][] = $e->getMessage();
        }
        $out['errors'] = array_merge($out['errors'], $importer->get_gradebookerrors() ?? []);
    }
    $reader->cleanup();
}
$users = [];
foreach ($spec['users'] as $user) {
    $users[$user['id']] = $user;
}
foreach ($DB->tables['grade_import_values'] as $record) {
    $user = $users[$record->userid];
    $out['values'][] = [
        'userid' => $record->userid,
        'username' => $user['username'] ?? '',
        'idnumber' => $user['idnumber'] ?? '',
        'email' => $user['email'] ?? '',
        'itemid' => $record->itemid ?? null,
        'finalgrade' => isset($record->finalgrade) ? (float) $record->finalgrade : null,
        'feedback' => $record->feedback ?? null,
    ];
}
remove_tree($CFG->tempdir);
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
