<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Version %1</source>
        <translation>Нұсқа %1</translation>
    </message>
    <message>
        <source>%1 (up to date)</source>
        <translation>%1 (өзекті)</translation>
    </message>
    <message>
        <source>%1 (this version of PDP Desk expects %2)</source>
        <translation>%1 (PDP Desk-тің осы нұсқасы %2 нұсқасын күтеді)</translation>
    </message>
    <message>
        <source>About PDP Desk</source>
        <translation>PDP Desk туралы</translation>
    </message>
    <message>
        <source>The back office for personal data under the Law of the Republic of Kazakhstan No. 94-V “On Personal Data and Their Protection”: the register of data subjects, consents, requests and their deadlines, destruction with its acts, and the audit journal.</source>
        <translation>Қазақстан Республикасының «Дербес деректер және оларды қорғау туралы» № 94-V Заңы бойынша дербес деректер операторының жұмыс орны: субъектілер тізілімі, келісімдер, өтініштер және олардың мерзімдері, актімен ресімделетін жою және аудит журналы.</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Дерекқор:</translation>
    </message>
    <message>
        <source>Schema revision:</source>
        <translation>Схема нұсқасы:</translation>
    </message>
    <message>
        <source>The screens and documents use the DejaVu Sans fonts, free to use, copy and distribute under the Bitstream Vera licence (resources/fonts/LICENSE-DejaVu.txt).</source>
        <translation>Бағдарлама мен құжаттарда DejaVu Sans қаріптері қолданылады; Bitstream Vera лицензиясы бойынша оларды еркін пайдалануға, көшіруге және таратуға болады (resources/fonts/LICENSE-DejaVu.txt).</translation>
    </message>
</context>
<context>
    <name>ActFiles</name>
    <message>
        <source>Printing failed</source>
        <translation>Басып шығару орындалмады</translation>
    </message>
    <message>
        <source>The act could not be printed: %1</source>
        <translation>Актіні басып шығару мүмкін болмады: %1</translation>
    </message>
    <message>
        <source>Save a copy of the act</source>
        <translation>Акт көшірмесін сақтау</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF файлдары (*.pdf)</translation>
    </message>
    <message>
        <source>The copy was not saved</source>
        <translation>Көшірме сақталмады</translation>
    </message>
    <message>
        <source>The data was destroyed and the act № %1 is kept in the database; only saving a copy to %2 failed. Save it again (another folder, or free some disk space), or later from the Acts tab.</source>
        <translation>Деректер жойылды, № %1 акт дерекқорда сақтаулы; тек көшірмені %2 ішіне сақтау мүмкін болмады. Оны қайта сақтаңыз (басқа қалтаға немесе дискіде орын босатып) не кейін «Актілер» қойындысынан сақтаңыз.</translation>
    </message>
</context>
<context>
    <name>ActsTab</name>
    <message>
        <source>Kept longer than three years (policy §9.5): due for destruction.</source>
        <translation>Үш жылдан астам сақталуда (Саясаттың 9.5-т.): жойылуға тиіс.</translation>
    </message>
    <message>
        <source>%1 — due for destruction</source>
        <translation>%1 — жойылуға тиіс</translation>
    </message>
    <message>
        <source>Acts shown: %1</source>
        <translation>Көрсетілген актілер: %1</translation>
    </message>
    <message>
        <source>%1 (%2), %3</source>
        <translation>%1 (%2), %3</translation>
    </message>
    <message>
        <source>No PC has confirmed this destruction yet.</source>
        <translation>Бұл жоюды әзірге бірде-бір компьютер растаған жоқ.</translation>
    </message>
    <message>
        <source>Destruction confirmed by:</source>
        <translation>Жоюды растағандар:</translation>
    </message>
    <message>
        <source>signed copy attached</source>
        <translation>орындалды, қол қойылған көшірме тіркелді</translation>
    </message>
    <message>
        <source>executed</source>
        <translation>орындалды</translation>
    </message>
    <message>
        <source>Choose an act and press “View”.</source>
        <translation>Актіні таңдап, «Қарау» түймесін басыңыз.</translation>
    </message>
    <message>
        <source>The scanned signed act</source>
        <translation>Қол қойылған актінің сканері</translation>
    </message>
    <message>
        <source>PDF or scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
        <translation>PDF немесе сканерлер (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>Not attached</source>
        <translation>Тіркелмеді</translation>
    </message>
    <message>
        <source>The file cannot be read: %1</source>
        <translation>Файлды оқу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Replace the signed copy?</source>
        <translation>Қол қойылған көшірмені ауыстыру керек пе?</translation>
    </message>
    <message>
        <source>A signed copy is already attached to act № %1. Replace it?</source>
        <translation>№ %1 актіге қол қойылған көшірме бұрын тіркелген. Оны ауыстыру керек пе?</translation>
    </message>
    <message>
        <source>Attach a PDF or a scan (JPEG, PNG, TIFF) of the signed act, up to 50 MB.</source>
        <translation>Қол қойылған актінің 50 МБ-қа дейінгі PDF файлын немесе сканерін (JPEG, PNG, TIFF) тіркеңіз.</translation>
    </message>
    <message>
        <source>The password does not open this key file. Check the keyboard layout and Caps Lock, and try again.</source>
        <translation>Құпиясөз бұл кілт файлын ашпайды. Пернетақта тілін және Caps Lock пернесін тексеріп, қайталап көріңіз.</translation>
    </message>
    <message>
        <source>This key uses the GOST algorithm, which PDP Desk cannot sign with: choose the RSA key (the file named RSA_…) of your certificate.</source>
        <translation>Бұл кілт ГОСТ алгоритмін пайдаланады, PDP Desk онымен қол қоя алмайды: сертификатыңыздың RSA кілтін (RSA_… атты файл) таңдаңыз.</translation>
    </message>
    <message>
        <source>The key file is damaged or is not a .p12/.pfx file. Take it again from where it was issued.</source>
        <translation>Кілт файлы зақымдалған немесе .p12/.pfx файлы емес. Оны берілген жерден қайта алыңыз.</translation>
    </message>
    <message>
        <source>The key file cannot be read.</source>
        <translation>Кілт файлын оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>PDP Desk cannot sign with this key.</source>
        <translation>PDP Desk бұл кілтпен қол қоя алмайды.</translation>
    </message>
    <message>
        <source>The key file holds a key without its certificate.</source>
        <translation>Кілт файлында сертификат жоқ.</translation>
    </message>
    <message>
        <source>The certificate has expired.</source>
        <translation>Сертификаттың қолданылу мерзімі өтті.</translation>
    </message>
    <message>
        <source>The certificate is not valid yet.</source>
        <translation>Сертификат әлі күшіне енбеген.</translation>
    </message>
    <message>
        <source>The act could not be signed.</source>
        <translation>Актіге қол қою мүмкін болмады.</translation>
    </message>
    <message>
        <source>The operator&apos;s key</source>
        <translation>Оператордың кілті</translation>
    </message>
    <message>
        <source>Keys (*.p12 *.pfx);;All files (*)</source>
        <translation>Кілттер (*.p12 *.pfx);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>Password of the key</source>
        <translation>Кілттің құпиясөзі</translation>
    </message>
    <message>
        <source>Password of %1:</source>
        <translation>%1 құпиясөзі:</translation>
    </message>
    <message>
        <source>Sign anyway?</source>
        <translation>Бәрібір қол қою керек пе?</translation>
    </message>
    <message>
        <source>Sign with it anyway?</source>
        <translation>Соған қарамастан онымен қол қою керек пе?</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Қол қойылмады</translation>
    </message>
    <message>
        <source>The file is a readable PDF</source>
        <translation>Файл — оқылатын PDF</translation>
    </message>
    <message>
        <source>It is an act of this database</source>
        <translation>Бұл — осы дерекқордың актісі</translation>
    </message>
    <message>
        <source>The act&apos;s record is unchanged</source>
        <translation>Акт жазбасы өзгермеген</translation>
    </message>
    <message>
        <source>The fingerprint matches</source>
        <translation>Хэш-із сәйкес келеді</translation>
    </message>
    <message>
        <source>The file is unaltered</source>
        <translation>Файл өзгертілмеген</translation>
    </message>
    <message>
        <source>The digital signature is valid</source>
        <translation>Электрондық қолтаңба жарамды</translation>
    </message>
    <message>
        <source>The file is a PDF.</source>
        <translation>Файл PDF пішімінде.</translation>
    </message>
    <message>
        <source>The file cannot be read as a PDF.</source>
        <translation>Файлды PDF ретінде оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>Act № %1 is in this database.</source>
        <translation>№ %1 акт осы дерекқорда бар.</translation>
    </message>
    <message>
        <source>The file is not an act of this database: it comes from another database, or the act was destroyed after its term.</source>
        <translation>Файл осы дерекқордың актісі емес: ол басқа дерекқордан алынған немесе акт сақтау мерзімі өткен соң жойылған.</translation>
    </message>
    <message>
        <source>The act&apos;s record in the database is as it was made.</source>
        <translation>Акт жазбасы дерекқорда жасалған күйінде сақталған.</translation>
    </message>
    <message>
        <source>The act&apos;s record in the database was changed after the act was made.</source>
        <translation>Акт жазбасы дерекқорда акт жасалғаннан кейін өзгертілген.</translation>
    </message>
    <message>
        <source>The fingerprint in the file is the act&apos;s.</source>
        <translation>Файлдағы хэш-із актінің хэш-ізімен сәйкес.</translation>
    </message>
    <message>
        <source>The fingerprint in the file is not the act&apos;s: the file was altered or belongs to another version of the act.</source>
        <translation>Файлдағы хэш-із актінікімен сәйкес емес: файл өзгертілген немесе актінің басқа нұсқасына жатады.</translation>
    </message>
    <message>
        <source>The file is the act kept in the database (or it with a digital signature added, or the signed copy attached).</source>
        <translation>Файл дерекқорда сақталған актімен сәйкес (не оған ЭЦҚ қосылған нұсқасымен, не тіркелген қол қойылған көшірмесімен).</translation>
    </message>
    <message>
        <source>The file differs from the act kept in the database: it was altered (even one byte counts) or made again. Use the copy saved from PDP Desk.</source>
        <translation>Файл дерекқорда сақталған актіден өзгеше: ол өзгертілген (бір байттың өзі маңызды) немесе қайта жасалған. PDP Desk-тен сақталған көшірмені пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Check an act&apos;s file</source>
        <translation>Акт файлын тексеру</translation>
    </message>
    <message>
        <source>PDF files (*.pdf);;All files (*)</source>
        <translation>PDF файлдары (*.pdf);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>Choose “Check a file…” to check an act&apos;s PDF against this database.</source>
        <translation>Акт PDF файлын осы дерекқормен салыстыру үшін «Файлды тексеру…» түймесін басыңыз.</translation>
    </message>
    <message>
        <source>%1 %2: the file is act № %3 of this database, unaltered.</source>
        <translation>%1 %2: файл — осы дерекқордың № %3 актісі, өзгертілмеген.</translation>
    </message>
    <message>
        <source>%1 %2: the file does not hold as an act of this database.</source>
        <translation>%1 %2: файл осы дерекқордың актісі ретінде расталмайды.</translation>
    </message>
    <message>
        <source>%1 The journal holds: %2 entries, none altered or missing.</source>
        <translation>%1 Журнал бүтін: жазбалар саны — %2, бірде-біреуі өзгертілмеген және жоғалмаған.</translation>
    </message>
    <message>
        <source>%1 The journal does not hold: the first broken entry is %2 (PC %3, no. %4).</source>
        <translation>%1 Журналдың тұтастығы бұзылған: алғашқы бұзылған жазба — %2 (ДК %3, № %4).</translation>
    </message>
    <message>
        <source>Only acts due for destruction (kept over three years)</source>
        <translation>Тек жойылуға тиіс актілер (үш жылдан астам сақталған)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Жаңарту</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>Тағы…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Нөмірі</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Күні</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Себебі</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Субъектілер</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Күйі</translation>
    </message>
    <message>
        <source>Kept until</source>
        <translation>Сақтау мерзімі</translation>
    </message>
    <message>
        <source>Confirmed by PCs</source>
        <translation>Растаған ДК</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Қарау</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Басып шығару…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Көшірмесін сақтау…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>Attach signed copy…</source>
        <translation>Қол қойылған көшірмені тіркеу…</translation>
    </message>
    <message>
        <source>Sign digitally…</source>
        <translation>ЭЦҚ қою…</translation>
    </message>
    <message>
        <source>Check a file…</source>
        <translation>Файлды тексеру…</translation>
    </message>
    <message>
        <source>Destroyed at</source>
        <translation>Жойылған уақыты</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Categories of data</source>
        <translation>Деректер санаттары</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Жүйе</translation>
    </message>
    <message>
        <source>Act</source>
        <translation>Акт</translation>
    </message>
    <message>
        <source>Log extract</source>
        <translation>Журналдан үзінді</translation>
    </message>
    <message>
        <source>Check of a file</source>
        <translation>Файлды тексеру</translation>
    </message>
    <message>
        <source>Audit journal</source>
        <translation>Әрекеттер журналы</translation>
    </message>
    <message>
        <source>Every action is written to the journal, each entry sealed with the hash of the one before: a changed or removed entry breaks the chain.</source>
        <translation>Әрбір әрекет журналға жазылады, әр жазба алдыңғысының хэшімен бекітілген: өзгертілген не жойылған жазба тізбекті үзеді.</translation>
    </message>
    <message>
        <source>Check the journal</source>
        <translation>Журналды тексеру</translation>
    </message>
</context>
<context>
    <name>AddPolicyDialog</name>
    <message>
        <source>New version of the privacy policy</source>
        <translation>Құпиялылық саясатының жаңа редакциясы</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Атауы:</translation>
    </message>
    <message>
        <source>In force from:</source>
        <translation>Күшіне енген күні:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Тілі:</translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256):</source>
        <translation>Хэш-із (SHA-256):</translation>
    </message>
    <message>
        <source>for example 01.10.2026</source>
        <translation>мысалы, 01.10.2026</translation>
    </message>
    <message>
        <source>The version was not added</source>
        <translation>Редакция қосылмады</translation>
    </message>
    <message>
        <source>Give the version a label (for example its date, 01.10.2026).</source>
        <translation>Редакцияның атауын көрсетіңіз (мысалы, оның күні: 01.10.2026).</translation>
    </message>
    <message>
        <source>The label is too long (at most 40 characters).</source>
        <translation>Атауы тым ұзын (40 таңбадан аспауы керек).</translation>
    </message>
    <message>
        <source>The file holds no text.</source>
        <translation>Файлда мәтін жоқ.</translation>
    </message>
    <message>
        <source>The text is too long for a privacy policy.</source>
        <translation>Мәтін құпиялылық саясаты үшін тым ұзын.</translation>
    </message>
    <message>
        <source>This exact text is already kept as another version.</source>
        <translation>Дәл осындай мәтін басқа редакция ретінде сақталған.</translation>
    </message>
    <message>
        <source>Another version in this language already takes effect on that date.</source>
        <translation>Осы тілдегі басқа редакция сол күні күшіне енеді.</translation>
    </message>
    <message>
        <source>Choose the date from which the version is in force.</source>
        <translation>Редакция күшіне енетін күнді таңдаңыз.</translation>
    </message>
</context>
<context>
    <name>AppLock</name>
    <message>
        <source>&amp;Lock PDP Desk</source>
        <translation>PDP Desk-ті &amp;құлыптау</translation>
    </message>
    <message>
        <source>No password</source>
        <translation>Құпиясөз орнатылмаған</translation>
    </message>
    <message>
        <source>Set a password in Settings → Security first: PDP Desk locks only with a password to open it again.</source>
        <translation>Алдымен «Баптаулар → Қауіпсіздік» бөлімінде құпиясөз орнатыңыз: PDP Desk оны қайта ашатын құпиясөз болғанда ғана құлыпталады.</translation>
    </message>
    <message>
        <source>The password cannot be checked now: the database cannot be read. Try again in a moment.</source>
        <translation>Құпиясөзді қазір тексеру мүмкін емес: дерекқор оқылмайды. Біраздан соң қайталап көріңіз.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passwords. Try again in %n second(s).</source>
        <translation>
            <numerusform>Қате құпиясөз тым көп енгізілді. %n секундтан кейін қайталаңыз.</numerusform>
            <numerusform>Қате құпиясөз тым көп енгізілді. %n секундтан кейін қайталаңыз.</numerusform>
        </translation>
    </message>
    <message>
        <source>The password is not right. Check the keyboard layout and Caps Lock.</source>
        <translation>Құпиясөз қате. Пернетақта тілін және Caps Lock пернесін тексеріңіз.</translation>
    </message>
</context>
<context>
    <name>BackupSection</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
    </message>
    <message>
        <source>damaged or not a backup</source>
        <translation>бүлінген немесе көшірме емес</translation>
    </message>
    <message>
        <source>the database before a restore</source>
        <translation>қалпына келтіру алдындағы дерекқор</translation>
    </message>
    <message>
        <source>the database before an upgrade</source>
        <translation>жаңарту алдындағы дерекқор</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>сақтық көшірме</translation>
    </message>
    <message>
        <source>Backups folder</source>
        <translation>Сақтық көшірмелер қалтасы</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Сақталмады: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сақталды.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Тоқтату</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Қазір көшірме жасау</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Сақтық көшірмеден қалпына келтіру</translation>
    </message>
    <message>
        <source>PDP Desk backups (*.pdpbak)</source>
        <translation>PDP Desk сақтық көшірмелері (*.pdpbak)</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Сақтық көшірмелер</translation>
    </message>
    <message>
        <source>Once a day PDP Desk copies the database into the backups folder, encrypted with the passphrase. Best is a folder on another disk: a USB disk or a network folder. Backups older than the days to keep are deleted: after that time, destroyed data is gone from the backups too (the acts of destruction say so).</source>
        <translation>PDP Desk күніне бір рет дерекқорды құпия фразамен шифрлап, сақтық көшірмелер қалтасына көшіреді. Басқа дискідегі қалтаны таңдаған дұрыс: USB-диск немесе желілік қалта. Сақтау мерзімінен ескі көшірмелер жойылады: бұл мерзім өткен соң жойылған деректер сақтық көшірмелерде де болмайды (бұл жою актілерінде көрсетіледі).</translation>
    </message>
    <message>
        <source>Backups folder:</source>
        <translation>Сақтық көшірмелер қалтасы:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Таңдау…</translation>
    </message>
    <message>
        <source>Keep backups, days:</source>
        <translation>Көшірмелерді сақтау, күн:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сақтау</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Құпия фраза:</translation>
    </message>
    <message>
        <source>Last backup:</source>
        <translation>Соңғы көшірме:</translation>
    </message>
    <message>
        <source>Backups in the folder</source>
        <translation>Қалтадағы сақтық көшірмелер</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Жасалған</translation>
    </message>
    <message>
        <source>PC</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Не</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Көлемі</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Қалпына келтіру…</translation>
    </message>
    <message>
        <source>Restore from a file…</source>
        <translation>Файлдан қалпына келтіру…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Жаңарту</translation>
    </message>
    <message>
        <source>The acts of destruction state this term.</source>
        <translation>Бұл мерзім жою актілерінде көрсетіледі.</translation>
    </message>
    <message>
        <source>Set. Without it no backup can be opened; it cannot be recovered.</source>
        <translation>Орнатылған. Онсыз бірде-бір сақтық көшірме ашылмайды; оны қалпына келтіру мүмкін емес.</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Өзгерту…</translation>
    </message>
    <message>
        <source>Not set: backups are off. Set a passphrase to start them.</source>
        <translation>Орнатылмаған: сақтық көшірме жасау өшірулі. Оны қосу үшін құпия фраза орнатыңыз.</translation>
    </message>
    <message>
        <source>Set passphrase…</source>
        <translation>Фразаны орнату…</translation>
    </message>
    <message>
        <source>never</source>
        <translation>әлі жасалған жоқ</translation>
    </message>
    <message>
        <source>The last backup failed: %1</source>
        <translation>Соңғы көшірме жасалмады: %1</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>No passphrase is set: backups are off. Set one in Settings → Backups.</source>
        <translation>Құпия фраза орнатылмаған: сақтық көшірме жасау өшірулі. Оны «Баптаулар → Сақтық көшірмелер» бөлімінде орнатыңыз.</translation>
    </message>
    <message>
        <source>The passphrase needs at least 8 characters.</source>
        <translation>Құпия фраза кемінде 8 таңбадан тұруы керек.</translation>
    </message>
    <message>
        <source>The backups folder is not there: is its drive or network share connected?</source>
        <translation>Сақтық көшірмелер қалтасы қолжетімсіз: диск немесе желілік қалта қосылған ба?</translation>
    </message>
    <message>
        <source>PDP Desk cannot write in the backups folder.</source>
        <translation>PDP Desk сақтық көшірмелер қалтасына жаза алмайды.</translation>
    </message>
    <message>
        <source>Choose a folder PDP Desk can write in (a whole path, like D:\Backups).</source>
        <translation>PDP Desk жаза алатын қалтаны таңдаңыз (толық жол, мысалы D:\Backups).</translation>
    </message>
    <message>
        <source>Keep backups 1 to 365 days.</source>
        <translation>Сақтық көшірмелерді сақтау мерзімі — 1 күннен 365 күнге дейін.</translation>
    </message>
    <message>
        <source>There is not enough free space for the backup.</source>
        <translation>Сақтық көшірме үшін бос орын жеткіліксіз.</translation>
    </message>
    <message>
        <source>Stopped: nothing was changed.</source>
        <translation>Тоқтатылды: ештеңе өзгертілген жоқ.</translation>
    </message>
    <message>
        <source>The passphrase does not open this backup. Nothing was changed.</source>
        <translation>Бұл құпия фраза сақтық көшірмені ашпайды. Ештеңе өзгертілген жоқ.</translation>
    </message>
    <message>
        <source>The backup is damaged or incomplete (perhaps still being copied). Nothing was changed; choose another backup.</source>
        <translation>Сақтық көшірме бүлінген немесе толық емес (мүмкін, әлі көшірілуде). Ештеңе өзгертілген жоқ; басқа көшірмені таңдаңыз.</translation>
    </message>
    <message>
        <source>The backup was made by a newer version of PDP Desk. Update PDP Desk first. Nothing was changed.</source>
        <translation>Сақтық көшірме PDP Desk-тің жаңарақ нұсқасында жасалған. Алдымен PDP Desk-ті жаңартыңыз. Ештеңе өзгертілген жоқ.</translation>
    </message>
    <message>
        <source>This file is not a PDP Desk backup. Nothing was changed.</source>
        <translation>Бұл файл PDP Desk сақтық көшірмесі емес. Ештеңе өзгертілген жоқ.</translation>
    </message>
    <message>
        <source>The database is open in another PDP Desk window: close it and try again.</source>
        <translation>Дерекқор PDP Desk-тің басқа терезесінде ашық: оны жабып, қайталап көріңіз.</translation>
    </message>
    <message>
        <source>The database could not be replaced (another program is using it?). Nothing was changed.</source>
        <translation>Дерекқорды ауыстыру мүмкін болмады (оны басқа бағдарлама пайдаланып жатыр ма?). Ештеңе өзгертілген жоқ.</translation>
    </message>
    <message>
        <source>The backup failed.</source>
        <translation>Сақтық көшірме жасалмады.</translation>
    </message>
    <message>
        <source>Backup made: %1 (%2 MB).</source>
        <translation>Сақтық көшірме жасалды: %1 (%2 МБ).</translation>
    </message>
    <message>
        <source>The backup was not made: %1 It is tried again in an hour; nothing is lost.</source>
        <translation>Сақтық көшірме жасалмады: %1 Бір сағаттан кейін қайта әрекет жасалады; деректер жоғалған жоқ.</translation>
    </message>
</context>
<context>
    <name>CalendarSection</name>
    <message>
        <source>Holidays and transferred days of %1:</source>
        <translation>%1 жылғы мерекелер мен ауыстырылған күндер:</translation>
    </message>
    <message>
        <source>Give the reason: for example, the decree&apos;s number and date.</source>
        <translation>Негізін көрсетіңіз: мысалы, қаулының нөмірі мен күні.</translation>
    </message>
    <message>
        <source>Remove the change</source>
        <translation>Өзгерісті жою</translation>
    </message>
    <message>
        <source>Remove this change of the calendar? The day becomes as the official calendar has it, and open requests&apos; deadlines are counted again.</source>
        <translation>Күнтізбенің осы өзгерісін жою керек пе? Күн ресми күнтізбедегідей болады, ал ашық өтініштердің мерзімдері қайта есептеледі.</translation>
    </message>
    <message>
        <source>No open request&apos;s deadline moved.</source>
        <translation>Ашық өтініштердің мерзімдері өзгерген жоқ.</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>жауап</translation>
    </message>
    <message>
        <source>action</source>
        <translation>әрекет</translation>
    </message>
    <message>
        <source>№ %1, %2: %3 → %4</source>
        <translation>№ %1, %2: %3 → %4</translation>
    </message>
    <message numerus="yes">
        <source>%n deadline(s) of open requests moved:</source>
        <translation>
            <numerusform>Ашық өтініштердің %n мерзімі ауыстырылды:</numerusform>
            <numerusform>Ашық өтініштердің %n мерзімі ауыстырылды:</numerusform>
        </translation>
    </message>
    <message>
        <source>The reason is too long (up to 300 characters).</source>
        <translation>Негізі тым ұзын (300 таңбадан аспауы керек).</translation>
    </message>
    <message>
        <source>This day already has a change: remove it first.</source>
        <translation>Бұл күнге өзгеріс енгізілген: алдымен оны жойыңыз.</translation>
    </message>
    <message>
        <source>Kurban Ait is already set for this year: remove it first.</source>
        <translation>Осы жылға Құрбан айт көрсетілген: алдымен оны жойыңыз.</translation>
    </message>
    <message>
        <source>The calendar covers the years 2000–2099.</source>
        <translation>Күнтізбе 2000–2099 жылдарды қамтиды.</translation>
    </message>
    <message>
        <source>Extra day off</source>
        <translation>Қосымша демалыс күні</translation>
    </message>
    <message>
        <source>Extra working day</source>
        <translation>Қосымша жұмыс күні</translation>
    </message>
    <message>
        <source>Kurban Ait (first day)</source>
        <translation>Құрбан айт (бірінші күні)</translation>
    </message>
    <message>
        <source>January</source>
        <translation>Қаңтар</translation>
    </message>
    <message>
        <source>February</source>
        <translation>Ақпан</translation>
    </message>
    <message>
        <source>March</source>
        <translation>Наурыз</translation>
    </message>
    <message>
        <source>April</source>
        <translation>Сәуір</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Мамыр</translation>
    </message>
    <message>
        <source>June</source>
        <translation>Маусым</translation>
    </message>
    <message>
        <source>July</source>
        <translation>Шілде</translation>
    </message>
    <message>
        <source>August</source>
        <translation>Тамыз</translation>
    </message>
    <message>
        <source>September</source>
        <translation>Қыркүйек</translation>
    </message>
    <message>
        <source>October</source>
        <translation>Қазан</translation>
    </message>
    <message>
        <source>November</source>
        <translation>Қараша</translation>
    </message>
    <message>
        <source>December</source>
        <translation>Желтоқсан</translation>
    </message>
    <message>
        <source>Mo</source>
        <translation>Дс</translation>
    </message>
    <message>
        <source>Tu</source>
        <translation>Сс</translation>
    </message>
    <message>
        <source>We</source>
        <translation>Ср</translation>
    </message>
    <message>
        <source>Th</source>
        <translation>Бс</translation>
    </message>
    <message>
        <source>Fr</source>
        <translation>Жм</translation>
    </message>
    <message>
        <source>Sa</source>
        <translation>Сб</translation>
    </message>
    <message>
        <source>Su</source>
        <translation>Жс</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Күнтізбе</translation>
    </message>
    <message>
        <source>Working-day calendar of Kazakhstan</source>
        <translation>Қазақстанның жұмыс күндері күнтізбесі</translation>
    </message>
    <message>
        <source>Deadlines are counted in working days: weekends, public holidays and the days off the Government moves by decree are skipped. When a new decree or the date of Kurban Ait is announced, enter it below: the deadlines of open requests are counted again at once.</source>
        <translation>Мерзімдер жұмыс күндерімен есептеледі: демалыс күндері, мерекелер және Үкімет қаулысымен ауыстырылған демалыс күндері есептелмейді. Жаңа қаулы шыққанда немесе Құрбан айттың күні жарияланғанда, оны төменде енгізіңіз: ашық өтініштердің мерзімдері бірден қайта есептеледі.</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>Жыл:</translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation>Демалыс күні</translation>
    </message>
    <message>
        <source>Public holiday</source>
        <translation>Мереке</translation>
    </message>
    <message>
        <source>Day off by decree</source>
        <translation>Қаулы бойынша демалыс</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>Сіздің өзгерісіңіз</translation>
    </message>
    <message>
        <source>Working day by decree</source>
        <translation>Қаулы бойынша жұмыс күні</translation>
    </message>
    <message>
        <source>Your changes to the calendar</source>
        <translation>Күнтізбеге енгізген өзгерістеріңіз</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Күн</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Өзгеріс</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Негізі</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Жою…</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>Күні:</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>Өзгеріс:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Негізі:</translation>
    </message>
    <message>
        <source>e.g. Government decree No. 123 of 15.01.2026</source>
        <translation>мыс. Үкіметтің 15.01.2026 жылғы № 123 қаулысы</translation>
    </message>
    <message>
        <source>Add the change</source>
        <translation>Өзгерісті қосу</translation>
    </message>
</context>
<context>
    <name>ClockText</name>
    <message>
        <source>done %1</source>
        <translation>орындалды %1</translation>
    </message>
    <message>
        <source>starts when: %1</source>
        <translation>есептеу басталатын оқиға: %1</translation>
    </message>
    <message>
        <source>stopped (request closed)</source>
        <translation>тоқтатылды (өтініш жабылды)</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>мерзімі бүгін</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation>
            <numerusform>мерзімі %n жұмыс күнге өтті</numerusform>
            <numerusform>мерзімі %n жұмыс күнге өтті</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>%n жұмыс күні қалды</numerusform>
            <numerusform>%n жұмыс күні қалды</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n жұмыс күні</numerusform>
            <numerusform>%n жұмыс күні</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, counted from: %2 (not yet)</source>
        <translation>%1, есептеу басталатын оқиға: %2 (әлі болған жоқ)</translation>
    </message>
    <message>
        <source>%1 from the day after %2 (%3)</source>
        <translation>%2 күнінен кейінгі күннен бастап %1 (%3)</translation>
    </message>
    <message>
        <source>No non-working days in between.</source>
        <translation>Бұл аралықта жұмыс емес күндер жоқ.</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Есептелмеді: %1</translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation>Мерзімі: %1</translation>
    </message>
    <message>
        <source>Non-working days skipped:</source>
        <translation>Есептелмеген жұмыс емес күндер:</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… және тағы %n</numerusform>
            <numerusform>… және тағы %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Basis: %1</source>
        <translation>Негізі: %1</translation>
    </message>
</context>
<context>
    <name>ConsentDialogs</name>
    <message>
        <source>Import from the website</source>
        <translation>Сайттан импорт</translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message>
        <source>The consents could not be read</source>
        <translation>Келісімдерді оқу мүмкін болмады</translation>
    </message>
    <message>
        <source>Nobody in the register matches “%1”.</source>
        <translation>Тізілімнен «%1» сұрауы бойынша ешкім табылмады.</translation>
    </message>
    <message numerus="yes">
        <source>%n people match: choose one.</source>
        <translation>
            <numerusform>%n адам табылды: біреуін таңдаңыз.</numerusform>
            <numerusform>%n адам табылды: біреуін таңдаңыз.</numerusform>
        </translation>
    </message>
    <message>
        <source>Subject %1 (data destroyed)</source>
        <translation>%1 субъектісі (деректері жойылған)</translation>
    </message>
    <message>
        <source>register № %1</source>
        <translation>тізілімдегі № %1</translation>
    </message>
    <message>
        <source>The data of this person was destroyed: nothing may be processed.</source>
        <translation>Бұл адамның деректері жойылған: өңдеуге ештеңе жоқ.</translation>
    </message>
    <message>
        <source>Blocked since %1: the data may not be processed for any purpose until it is unblocked.</source>
        <translation>%1 бастап бұғатталған: бұғат алынғанша деректерді ешбір мақсатта өңдеуге болмайды.</translation>
    </message>
    <message>
        <source>Blocked: the data may not be processed for any purpose until it is unblocked.</source>
        <translation>Бұғатталған: бұғат алынғанша деректерді ешбір мақсатта өңдеуге болмайды.</translation>
    </message>
    <message>
        <source>Website use: may we use the person&apos;s data for the website?</source>
        <translation>Сайт: адамның деректерін сайт жұмысы үшін пайдалануға бола ма?</translation>
    </message>
    <message>
        <source>Marketing: may we send this person advertising?</source>
        <translation>Маркетинг: бұл адамға жарнама жіберуге бола ма?</translation>
    </message>
    <message>
        <source>Delivery: may we use the data to deliver orders?</source>
        <translation>Жеткізу: деректерді тапсырыстарды жеткізу үшін пайдалануға бола ма?</translation>
    </message>
    <message>
        <source>Consent given on %1.</source>
        <translation>Келісім %1 берілді.</translation>
    </message>
    <message>
        <source>Consent given, but the person&apos;s data is blocked.</source>
        <translation>Келісім берілген, бірақ адамның деректері бұғатталған.</translation>
    </message>
    <message>
        <source>No consent has been recorded.</source>
        <translation>Келісім тіркелмеген.</translation>
    </message>
    <message>
        <source>No consent yet at that moment (it was given later).</source>
        <translation>Сол сәтте келісім әлі болмаған (ол кейінірек берілген).</translation>
    </message>
    <message>
        <source>Consent withdrawn on %1.</source>
        <translation>Келісім %1 кері қайтарылды.</translation>
    </message>
    <message>
        <source>Consent expired on %1.</source>
        <translation>Келісімнің мерзімі %1 өтті.</translation>
    </message>
    <message>
        <source>The retention term of this purpose has ended (%1).</source>
        <translation>Осы мақсат бойынша сақтау мерзімі аяқталды (%1).</translation>
    </message>
    <message>
        <source>The purpose has been achieved: the term after the last order ended on %1.</source>
        <translation>Мақсатқа жетті: соңғы тапсырыстан кейінгі мерзім %1 аяқталды.</translation>
    </message>
    <message>
        <source>Given: %1 · how: %2</source>
        <translation>Берілді: %1 · тәсілі: %2</translation>
    </message>
    <message>
        <source>Evidence: %1</source>
        <translation>Дәлел: %1</translation>
    </message>
    <message>
        <source>Valid until: %1</source>
        <translation>Қолданылу мерзімі: %1 дейін</translation>
    </message>
    <message>
        <source>Valid until withdrawn</source>
        <translation>Кері қайтарылғанға дейін қолданылады</translation>
    </message>
    <message>
        <source>Privacy policy: not recorded (given before the earliest edition kept in PDP Desk).</source>
        <translation>Құпиялылық саясаты: көрсетілмеген (келісім PDP Desk-те сақталған ең ерте редакциядан бұрын берілген).</translation>
    </message>
    <message>
        <source>The withdrawal opened request № %1 (see the Inbox).</source>
        <translation>Кері қайтару бойынша № %1 өтініш ашылды («Кіріс өтініштер» бөлімін қараңыз).</translation>
    </message>
    <message>
        <source>data kept for this purpose until: %1</source>
        <translation>осы мақсат үшін деректер сақталады: %1 дейін</translation>
    </message>
    <message>
        <source>to third parties</source>
        <translation>үшінші тұлғаларға</translation>
    </message>
    <message>
        <source>abroad</source>
        <translation>шетелге</translation>
    </message>
    <message>
        <source>to public sources</source>
        <translation>жалпыға қолжетімді көздерге</translation>
    </message>
    <message>
        <source>Transfer allowed: %1</source>
        <translation>Беруге рұқсат: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Privacy policy of %1 (show the text)</source>
        <translation>%1 құпиялылық саясаты (мәтінін көрсету)</translation>
    </message>
    <message>
        <source>The policy text could not be read</source>
        <translation>Саясат мәтінін оқу мүмкін болмады</translation>
    </message>
    <message>
        <source>Privacy policy of %1</source>
        <translation>%1 құпиялылық саясаты</translation>
    </message>
    <message>
        <source>The consent was recorded.</source>
        <translation>Келісім тіркелді.</translation>
    </message>
    <message>
        <source>The withdrawal was recorded. Request № %1 was opened: processing must stop, or the reasons be given, by %2.</source>
        <translation>Кері қайтару тіркелді. № %1 өтініш ашылды: %2 дейін өңдеуді тоқтату немесе оны жалғастыру себептерін хабарлау керек.</translation>
    </message>
    <message>
        <source>Consent lookup</source>
        <translation>Келісімді тексеру</translation>
    </message>
    <message>
        <source>Phone in any spelling, e-mail, IIN or name</source>
        <translation>Кез келген жазылымдағы телефон, e-mail, ЖСН немесе аты</translation>
    </message>
    <message>
        <source>as of</source>
        <translation>Қай сәтке:</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Қазір</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Тексеру</translation>
    </message>
    <message>
        <source>Record a consent given…</source>
        <translation>Келісімді тіркеу…</translation>
    </message>
    <message>
        <source>Withdraw consent…</source>
        <translation>Келісімді кері қайтару…</translation>
    </message>
    <message>
        <source>The answer is as of the moment chosen: choose a date in the past to see what the person had agreed to then, under the policy in force then.</source>
        <translation>Жауап таңдалған сәтке берілген: адамның сол кезде неге келісім бергенін және саясаттың қай редакциясы бойынша екенін көру үшін өткен күнді таңдаңыз.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct the subject&apos;s data</source>
        <translation>Субъект деректерін түзету</translation>
    </message>
    <message>
        <source>Several phones or e-mails: separate them with commas. An empty field removes them all.</source>
        <translation>Бірнеше телефон немесе мекенжай болса, үтірмен бөліңіз. Бос өріс олардың барлығын жояды.</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>Аты-жөні:</translation>
    </message>
    <message>
        <source>IIN:</source>
        <translation>ЖСН:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Телефондар:</translation>
    </message>
    <message>
        <source>E-mails:</source>
        <translation>Эл. пошта:</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>PDP Desk: unexpected error</source>
        <translation>PDP Desk: күтпеген қате</translation>
    </message>
    <message>
        <source>PDP Desk keeps working. If you were saving something, it was not saved: the change was rolled back, and everything saved before is intact. Check it and try again.

If it happens again, copy the details and send them to whoever looks after PDP Desk. They hold no personal data.</source>
        <translation>PDP Desk жұмысын жалғастыруда. Егер сіз бірдеңе сақтап жатсаңыз, ол сақталмады: өзгеріс болдырылмады, ал бұрын сақталғанның бәрі аман. Тексеріп, қайталап көріңіз.

Қате қайталанса, толық мәліметті көшіріп, PDP Desk-ке қызмет көрсететін адамға жіберіңіз. Онда дербес деректер жоқ.</translation>
    </message>
    <message>
        <source>The log file: %1</source>
        <translation>Жұмыс журналының файлы: %1</translation>
    </message>
    <message>
        <source>No log file is being written.</source>
        <translation>Жұмыс журналының файлы жүргізілмейді.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Толық мәліметті көшіру</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Жабу</translation>
    </message>
    <message numerus="yes">
        <source>Something unexpected went wrong (%n time(s)).</source>
        <translation>
            <numerusform>Күтпеген қате орын алды (%n рет).</numerusform>
            <numerusform>Күтпеген қате орын алды (%n рет).</numerusform>
        </translation>
    </message>
    <message>
        <source>Something unexpected went wrong.</source>
        <translation>Күтпеген қате орын алды.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Көшірілді</translation>
    </message>
</context>
<context>
    <name>DatabaseProblem</name>
    <message>
        <source>%1 is not a PDP Desk database.</source>
        <translation>%1 — PDP Desk дерекқоры емес.</translation>
    </message>
    <message>
        <source>Open another file, or restore the database from a backup copy.</source>
        <translation>Басқа файлды ашыңыз немесе дерекқорды сақтық көшірмеден қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>%1 is incomplete: the file was cut short, probably while it was being copied.</source>
        <translation>%1 файлы толық емес: ол, шамасы, көшіру кезінде үзіліп қалған.</translation>
    </message>
    <message>
        <source>Copy it again, or restore the copy kept before the last upgrade or a backup.</source>
        <translation>Оны қайта көшіріңіз немесе соңғы жаңарту алдында сақталған көшірмені не сақтық көшірмені қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>%1 is damaged.</source>
        <translation>%1 файлы зақымдалған.</translation>
    </message>
    <message>
        <source>Restore the database from a backup or from the copy kept before the last upgrade.</source>
        <translation>Дерекқорды сақтық көшірмеден немесе соңғы жаңарту алдында сақталған көшірмеден қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>%1 was made by a newer version of PDP Desk.</source>
        <translation>%1 файлы PDP Desk-тің жаңарақ нұсқасында жасалған.</translation>
    </message>
    <message>
        <source>Install the newer PDP Desk to open it; this version leaves the file untouched.</source>
        <translation>Оны ашу үшін PDP Desk-тің жаңа нұсқасын орнатыңыз; бұл нұсқа файлды өзгертпейді.</translation>
    </message>
    <message>
        <source>%1 is already open in another PDP Desk window.</source>
        <translation>%1 PDP Desk-тің басқа терезесінде ашық тұр.</translation>
    </message>
    <message>
        <source>Switch to that window, or close it and try again.</source>
        <translation>Сол терезеге ауысыңыз немесе оны жауып, қайталап көріңіз.</translation>
    </message>
    <message>
        <source>PDP Desk cannot write to the folder of %1.</source>
        <translation>PDP Desk %1 тұрған қалтаға жаза алмайды.</translation>
    </message>
    <message>
        <source>Copy the database to a folder you can write to (for example Documents) and open it there.</source>
        <translation>Дерекқорды жазуға болатын қалтаға (мысалы, «Құжаттар») көшіріп, сол жерден ашыңыз.</translation>
    </message>
    <message>
        <source>There is no database file %1.</source>
        <translation>%1 дерекқор файлы табылмады.</translation>
    </message>
    <message>
        <source>Check the path, or choose another file.</source>
        <translation>Жолды тексеріңіз немесе басқа файлды таңдаңыз.</translation>
    </message>
    <message>
        <source>%1 could not be upgraded for this version of PDP Desk.</source>
        <translation>%1 файлын PDP Desk-тің осы нұсқасына жаңарту мүмкін болмады.</translation>
    </message>
    <message>
        <source>Nothing was changed. The details name the copy kept before the upgrade.</source>
        <translation>Ештеңе өзгертілмеді. Жаңарту алдында сақталған көшірменің атауы толық мәліметтерде көрсетілген.</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Дерекқорды ашу мүмкін емес</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>Дерекқорды ашу</translation>
    </message>
    <message>
        <source>PDP Desk databases (*.sqlite *.db);;All files (*)</source>
        <translation>PDP Desk дерекқорлары (*.sqlite *.db);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>Open another database…</source>
        <translation>Басқа дерекқорды ашу…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Шығу</translation>
    </message>
</context>
<context>
    <name>DestructionDialog</name>
    <message>
        <source>Queue for destruction</source>
        <translation>Жоюға кезекке қою</translation>
    </message>
    <message>
        <source>The person&apos;s data will wait in the destruction queue; the destruction itself, with its act, is done in the Destruction tab.</source>
        <translation>Адамның деректері жоюға кезекке қойылады; жоюдың өзі актімен бірге «Жою» қойындысында орындалады.</translation>
    </message>
    <message>
        <source>The subject&apos;s request is upheld</source>
        <translation>Субъектінің талабы қанағаттандырылды</translation>
    </message>
    <message>
        <source>Unlawful processing (Art. 18 sub. 3-1)</source>
        <translation>Заңсыз өңдеу (18-бап 3-1) тармақша)</translation>
    </message>
    <message>
        <source>Consent withdrawn (Art. 8 p. 7)</source>
        <translation>Келісімді кері қайтарып алу (8-бап 7-тармақ)</translation>
    </message>
    <message>
        <source>The purpose of processing is achieved</source>
        <translation>Өңдеу мақсатына қол жеткізілді</translation>
    </message>
    <message>
        <source>The consent has expired</source>
        <translation>Келісімнің мерзімі өтті</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Негізі:</translation>
    </message>
</context>
<context>
    <name>DestructionTab</name>
    <message>
        <source>Destruction of personal data</source>
        <translation>Дербес деректерді жою</translation>
    </message>
    <message>
        <source>The list of people waiting could not be read.</source>
        <translation>Жоюды күтетіндер тізімін оқу мүмкін болмады.</translation>
    </message>
    <message>
        <source>Nobody is waiting for destruction now.</source>
        <translation>Қазір деректерді жоюды ешкім күтпейді.</translation>
    </message>
    <message>
        <source>Waiting for destruction: %1 person(s).</source>
        <translation>Деректерін жоюды күтетіндер: %1 адам.</translation>
    </message>
    <message>
        <source>Start destruction…</source>
        <translation>Жоюды бастау…</translation>
    </message>
    <message>
        <source>&lt;p&gt;Destruction removes every trace of a person&apos;s personal data from PDP Desk: the register entry, contacts, addresses, orders, consents, requests and their files, and the search index. It cannot be undone.&lt;/p&gt;&lt;p&gt;It is done when the purpose of processing is achieved or the term has expired, when consent is withdrawn, on an upheld request, on unlawful processing, or by a court decision (Law No. 94-V, Art. 18; policy §9).&lt;/p&gt;&lt;p&gt;Each destruction is confirmed by an act with an extract of the system log. The wizard shows the act before anything is destroyed; the act is kept for three years in the Acts tab.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Жою PDP Desk-тен адамның барлық дербес деректерін өшіреді: тізілім жазбасын, байланыстарды, мекенжайларды, тапсырыстарды, келісімдерді, өтініштер мен олардың файлдарын және іздеу индексін. Оны болдырмау мүмкін емес.&lt;/p&gt;&lt;p&gt;Ол өңдеу мақсаттарына қол жеткізілгенде немесе мерзім өткенде, келісім кері қайтарылғанда, қанағаттандырылған талап бойынша, заңсыз өңдеу анықталғанда немесе сот шешімі бойынша жүргізіледі (№ 94-V Заң, 18-бап; Саясат, 9-т.).&lt;/p&gt;&lt;p&gt;Әрбір жою жүйе журналынан үзінді қоса берілген актімен расталады. Шебер актіні жоюдан бұрын көрсетеді; акт «Актілер» қойындысында үш жыл сақталады.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>DestructionWizard</name>
    <message>
        <source>The data of “%1” was changed by someone else after the review. Go back to the first step and forward again to review it anew.</source>
        <translation>«%1» деректерін тексеруден кейін басқа пайдаланушы өзгерткен. Қайта тексеру үшін бірінші қадамға оралып, алға қарай өтіңіз.</translation>
    </message>
    <message>
        <source>The data of “%1” was already destroyed by another act. Go back and uncheck this person.</source>
        <translation>«%1» деректері басқа актімен жойылып қойған. Артқа оралып, бұл адамның белгісін алып тастаңыз.</translation>
    </message>
    <message>
        <source>“%1” is no longer in the register. Go back and uncheck this person.</source>
        <translation>«%1» тізілімде енді жоқ. Артқа оралып, бұл адамның белгісін алып тастаңыз.</translation>
    </message>
    <message>
        <source>“%1” is another operator&apos;s subject: make a separate act for each operator.</source>
        <translation>«%1» — басқа оператордың субъектісі: әр оператор үшін жеке акт жасаңыз.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Тоқтатылды.</translation>
    </message>
    <message>
        <source>There is nothing to destroy: choose at least one person who is not excluded.</source>
        <translation>Жоятын ештеңе жоқ: актіден шығарылмаған кемінде бір адамды таңдаңыз.</translation>
    </message>
    <message>
        <source>Choose the operator whose data is destroyed.</source>
        <translation>Деректері жойылатын операторды таңдаңыз.</translation>
    </message>
    <message>
        <source>A person chosen to sign the act is not in the staff list.</source>
        <translation>Актіге қол қоюға таңдалған адам қызметкерлер тізімінде жоқ.</translation>
    </message>
    <message>
        <source>Destruction of personal data</source>
        <translation>Дербес деректерді жою</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Келесі &gt;</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Saved: %1</source>
        <translation>Сақталды: %1</translation>
    </message>
    <message>
        <source>6. The act</source>
        <translation>6. Акт</translation>
    </message>
    <message>
        <source>Print the act for signature; later attach the signed scan in the Acts tab.</source>
        <translation>Актіні қол қоюға басып шығарыңыз; кейін қол қойылған актінің сканерін «Актілер» қойындысында тіркеңіз.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Басып шығару…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Көшірмесін сақтау…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>Act № %1</source>
        <translation>№ %1 акт</translation>
    </message>
    <message>
        <source>Destroyed: %1 person(s).</source>
        <translation>Деректері жойылған адамдар: %1.</translation>
    </message>
    <message>
        <source>Excluded with a reasoned refusal: %1.</source>
        <translation>Дәлелді бас тартумен шығарылғандар: %1.</translation>
    </message>
    <message>
        <source>Orders kept for accounting without the person: %1.</source>
        <translation>Бухгалтерлік есеп үшін адамның деректерінсіз сақталған тапсырыстар: %1.</translation>
    </message>
</context>
<context>
    <name>DueStatus</name>
    <message>
        <source>On track</source>
        <translation>Мерзімінде</translation>
    </message>
    <message>
        <source>Due within 2 working days</source>
        <translation>Мерзімі 2 жұмыс күні ішінде</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Мерзімі бүгін</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Мерзімі өтіп кетті</translation>
    </message>
    <message>
        <source>Not started yet</source>
        <translation>Әлі басталған жоқ</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Орындалды</translation>
    </message>
    <message>
        <source>Deadlines:</source>
        <translation>Мерзімдер:</translation>
    </message>
</context>
<context>
    <name>ExecutePage</name>
    <message>
        <source>Destroying… Do not close the program.</source>
        <translation>Жою жүріп жатыр… Бағдарламаны жаппаңыз.</translation>
    </message>
    <message>
        <source>Stopping: nothing will be destroyed…</source>
        <translation>Тоқтату: ештеңе жойылмайды…</translation>
    </message>
    <message>
        <source>Done: act № %1.</source>
        <translation>Дайын: № %1 акт.</translation>
    </message>
    <message>
        <source>Nothing was destroyed and no act was made.</source>
        <translation>Ештеңе жойылмады, акт жасалмады.</translation>
    </message>
    <message>
        <source>5. Destroy</source>
        <translation>5. Жою</translation>
    </message>
    <message>
        <source>The data is destroyed in one go: everything or, on any error, nothing.</source>
        <translation>Деректер бір мезетте жойылады: бәрі толығымен, ал кез келген қатеде — ештеңе де жойылмайды.</translation>
    </message>
    <message>
        <source>The personal data of %1 person(s) will be destroyed; %2 excluded with a reasoned refusal.</source>
        <translation>Дербес деректері жойылатын адамдар: %1; дәлелді бас тартумен шығарылғандар: %2.</translation>
    </message>
    <message>
        <source>This cannot be undone: the data cannot be recovered afterwards.</source>
        <translation>Бұл әрекетті кері қайтару мүмкін емес: деректерді кейін қалпына келтіруге болмайды.</translation>
    </message>
    <message>
        <source>Destroy</source>
        <translation>Жою</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Тоқтату</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <source>Enter the name.</source>
        <translation>Атауын енгізіңіз.</translation>
    </message>
    <message>
        <source>Enter the full name.</source>
        <translation>Аты-жөнін енгізіңіз.</translation>
    </message>
    <message>
        <source>The name is longer than 300 characters.</source>
        <translation>Атауы 300 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>Enter the address (it goes on the acts).</source>
        <translation>Мекенжайды енгізіңіз (ол актілерде көрсетіледі).</translation>
    </message>
    <message>
        <source>The address is longer than 500 characters.</source>
        <translation>Мекенжай 500 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>Enter the position (it goes on the acts).</source>
        <translation>Лауазымын енгізіңіз (ол актілерде көрсетіледі).</translation>
    </message>
    <message>
        <source>The position is longer than 300 characters.</source>
        <translation>Лауазымы 300 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>Enter the IIN (sole proprietor) or BIN (company).</source>
        <translation>ЖСН (ЖК үшін) немесе БСН (ұйым үшін) енгізіңіз.</translation>
    </message>
    <message>
        <source>An IIN or a BIN has 12 digits.</source>
        <translation>ЖСН немесе БСН 12 цифрдан тұрады.</translation>
    </message>
    <message>
        <source>The 7th digit of an IIN is 1 to 6: check the number.</source>
        <translation>ЖСН-нің 7-цифры — 1-ден 6-ға дейін: нөмірді тексеріңіз.</translation>
    </message>
    <message>
        <source>The check digit of this IIN is wrong (a typing error?).</source>
        <translation>ЖСН-нің бақылау цифры қате (қате терілген бе?).</translation>
    </message>
    <message>
        <source>No IIN is ever issued with these digits: check the number.</source>
        <translation>Мұндай цифрлармен ЖСН берілмейді: нөмірді тексеріңіз.</translation>
    </message>
    <message>
        <source>Digits 3–4 of a BIN are a month (01–12): check the number.</source>
        <translation>БСН-нің 3–4-цифрлары — ай (01–12): нөмірді тексеріңіз.</translation>
    </message>
    <message>
        <source>The 5th digit of a BIN is 4, 5 or 6: check the number.</source>
        <translation>БСН-нің 5-цифры — 4, 5 немесе 6: нөмірді тексеріңіз.</translation>
    </message>
    <message>
        <source>The 6th digit of a BIN is 0 to 3: check the number.</source>
        <translation>БСН-нің 6-цифры — 0-ден 3-ке дейін: нөмірді тексеріңіз.</translation>
    </message>
    <message>
        <source>The check digit of this BIN is wrong (a typing error?).</source>
        <translation>БСН-нің бақылау цифры қате (қате терілген бе?).</translation>
    </message>
    <message>
        <source>No BIN is ever issued with these digits: check the number.</source>
        <translation>Мұндай цифрлармен БСН берілмейді: нөмірді тексеріңіз.</translation>
    </message>
    <message>
        <source>Another operator above has this IIN/BIN.</source>
        <translation>Бұл ЖСН/БСН жоғарыдағы басқа операторда көрсетілген.</translation>
    </message>
    <message>
        <source>Add at least one operator, or skip the setup for now.</source>
        <translation>Кемінде бір оператор қосыңыз немесе баптауды әзірге өткізіп жіберіңіз.</translation>
    </message>
    <message>
        <source>Add at least one person who receives requests and signs acts.</source>
        <translation>Өтініштерді қабылдайтын және актілерге қол қоятын кемінде бір қызметкерді қосыңыз.</translation>
    </message>
    <message>
        <source>Give the retention term in days.</source>
        <translation>Сақтау мерзімін күнмен көрсетіңіз.</translation>
    </message>
    <message>
        <source>The term must be 1 to 36,500 days.</source>
        <translation>Мерзім — 1 күннен 36 500 күнге дейін.</translation>
    </message>
    <message>
        <source>“Until withdrawn” has no term in days.</source>
        <translation>«Кері қайтарылғанға дейін» ережесінің күнмен мерзімі жоқ.</translation>
    </message>
    <message>
        <source>Choose a retention rule.</source>
        <translation>Сақтау ережесін таңдаңыз.</translation>
    </message>
    <message>
        <source>Choose a folder.</source>
        <translation>Қалтаны таңдаңыз.</translation>
    </message>
    <message>
        <source>The folder&apos;s path is too long.</source>
        <translation>Қалтаның жолы тым ұзын.</translation>
    </message>
    <message>
        <source>Give the whole path of the folder, starting with the drive (C:\…).</source>
        <translation>Қалтаның толық жолын дискіден бастап көрсетіңіз (C:\…).</translation>
    </message>
    <message>
        <source>This is a file, not a folder.</source>
        <translation>Бұл қалта емес, файл.</translation>
    </message>
    <message>
        <source>PDP Desk cannot write in this folder: choose another one.</source>
        <translation>PDP Desk бұл қалтаға жаза алмайды: басқасын таңдаңыз.</translation>
    </message>
    <message>
        <source>Keep backups 1 to 365 days.</source>
        <translation>Сақтық көшірмелерді 1 күннен 365 күнге дейін сақтаңыз.</translation>
    </message>
    <message>
        <source>There is already a database file in this folder: open it with File → Open database, or choose another folder.</source>
        <translation>Бұл қалтада дерекқор файлы бар: оны «Файл → Дерекқорды ашу» арқылы ашыңыз немесе басқа қалтаны таңдаңыз.</translation>
    </message>
    <message>
        <source>The database could not be moved there: choose another folder.</source>
        <translation>Дерекқорды ол жерге көшіру мүмкін болмады: басқа қалтаны таңдаңыз.</translation>
    </message>
    <message>
        <source>Data: %1</source>
        <translation>Деректер: %1</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Атауы:</translation>
    </message>
    <message>
        <source>IIN/BIN:</source>
        <translation>ЖСН/БСН:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Мекенжай:</translation>
    </message>
    <message>
        <source>IE Surname First name Patronymic</source>
        <translation>ЖК Тегі Аты Әкесінің аты</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
    <message>
        <source>City, street, building</source>
        <translation>Қала, көше, үй</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Өшіру</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>Аты-жөні:</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>Лауазымы:</translation>
    </message>
    <message>
        <source>Surname First name Patronymic</source>
        <translation>Тегі Аты Әкесінің аты</translation>
    </message>
    <message>
        <source>e.g. Manager</source>
        <translation>мысалы, менеджер</translation>
    </message>
    <message>
        <source>Welcome to PDP Desk</source>
        <translation>PDP Desk-ке қош келдіңіз</translation>
    </message>
    <message>
        <source>A few questions before you start. Choose the language of the program first.</source>
        <translation>Жұмысты бастамас бұрын бірнеше сұрақ. Алдымен бағдарлама тілін таңдаңыз.</translation>
    </message>
    <message>
        <source>You can change the language at any time in the View → Language menu; nothing you typed is lost.</source>
        <translation>Тілді кез келген уақытта «Көрініс → Тіл» мәзірінен ауыстыруға болады; енгізілген мәліметтер жоғалмайды.</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Операторлар</translation>
    </message>
    <message>
        <source>Who processes the personal data: the sole proprietors named in the privacy policy.</source>
        <translation>Дербес деректерді кім өңдейді: құпиялылық саясатында аталған жеке кәсіпкерлер.</translation>
    </message>
    <message>
        <source>The four operators of the policy are filled in as a start: check each one, add the missing IIN and the addresses (they go on the acts of destruction), remove those who are not operators any more.</source>
        <translation>Бастау үшін саясаттағы төрт оператор толтырылған: әрқайсысын тексеріңіз, жетіспейтін ЖСН мен мекенжайларды қосыңыз (олар жою актілерінде көрсетіледі), енді оператор болып табылмайтындарды өшіріңіз.</translation>
    </message>
    <message>
        <source>Add an operator</source>
        <translation>Оператор қосу</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Қызметкерлер</translation>
    </message>
    <message>
        <source>The people who receive requests, destroy data and sign the acts (at least one).</source>
        <translation>Өтініштерді қабылдайтын, деректерді жоятын және актілерге қол қоятын адамдар (кемінде біреу).</translation>
    </message>
    <message>
        <source>Their names and positions are printed on the acts of destruction and on the answers to requests.</source>
        <translation>Олардың аты-жөні мен лауазымы жою актілерінде және өтініштерге берілетін жауаптарда басылады.</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Қызметкер қосу</translation>
    </message>
    <message>
        <source>Purposes and retention</source>
        <translation>Мақсаттар және сақтау мерзімдері</translation>
    </message>
    <message>
        <source>The purposes of processing from the policy (§4) and how long the data of each is kept.</source>
        <translation>Саясаттағы өңдеу мақсаттары (4-бөлім) және әрқайсысы бойынша деректердің сақталу мерзімі.</translation>
    </message>
    <message>
        <source>The policy says data is kept “as long as necessary to achieve the purposes” (§5.3): the terms are the operator&apos;s choice. When no purpose justifies a person&apos;s data any more, the person is listed for destruction.</source>
        <translation>Саясатта деректер «мақсаттарға жету үшін қажетті мерзім ішінде» сақталады делінген (5.3-т.): мерзімдерді оператор таңдайды. Адамның деректерін сақтауды ешбір мақсат ақтамаған кезде, ол жоюға арналған тізімге енеді.</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Мақсат</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Саясат</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Сақтау мерзімі</translation>
    </message>
    <message>
        <source>until the consent is withdrawn</source>
        <translation>келісім кері қайтарылғанға дейін</translation>
    </message>
    <message>
        <source>days after the consent was given</source>
        <translation>келісім берілгеннен кейін күн</translation>
    </message>
    <message>
        <source>days after the last order</source>
        <translation>соңғы тапсырыстан кейін күн</translation>
    </message>
    <message>
        <source>The law allows keeping data only while a purpose needs it; you can change these terms later in Settings → Retention.</source>
        <translation>Заң деректерді мақсатқа қажет болған кезде ғана сақтауға рұқсат етеді; бұл мерзімдерді кейін «Баптаулар → Сақтау мерзімдері» бөлімінде өзгертуге болады.</translation>
    </message>
    <message>
        <source>Folder for the database</source>
        <translation>Дерекқорға арналған қалта</translation>
    </message>
    <message>
        <source>Folder for backups</source>
        <translation>Сақтық көшірмелерге арналған қалта</translation>
    </message>
    <message>
        <source>Free space: %1 MB</source>
        <translation>Бос орын: %1 МБ</translation>
    </message>
    <message>
        <source>Free space: %1 GB</source>
        <translation>Бос орын: %1 ГБ</translation>
    </message>
    <message>
        <source>(the folder will be created)</source>
        <translation>(қалта жасалады)</translation>
    </message>
    <message>
        <source>Database and backups</source>
        <translation>Дерекқор және сақтық көшірмелер</translation>
    </message>
    <message>
        <source>Where the data lives on this PC.</source>
        <translation>Деректер осы компьютерде қай жерде сақталады.</translation>
    </message>
    <message>
        <source>Backups are made every day, encrypted with a passphrase set in Settings → Backups (until it is set, no backup is made). Prefer a second disk or a USB drive for them: a backup on the same disk is lost with the disk.</source>
        <translation>Сақтық көшірмелер күн сайын жасалады және «Баптаулар → Сақтық көшірмелер» бөлімінде берілетін құпия сөзбен шифрланады (ол берілмейінше, көшірмелер жасалмайды). Оларды басқа дискіде немесе флешкада сақтаған дұрыс: сол дискідегі көшірме дискімен бірге жоғалады.</translation>
    </message>
    <message>
        <source>Database folder:</source>
        <translation>Дерекқор қалтасы:</translation>
    </message>
    <message>
        <source>Backups folder:</source>
        <translation>Сақтық көшірмелер қалтасы:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Таңдау…</translation>
    </message>
    <message>
        <source>The database file: %1</source>
        <translation>Дерекқор файлы: %1</translation>
    </message>
    <message>
        <source>The database file: %1 (it holds data already: it stays where it is)</source>
        <translation>Дерекқор файлы: %1 (онда деректер бар, сондықтан ол орнында қалады)</translation>
    </message>
    <message>
        <source>Keep backups:</source>
        <translation>Көшірмелерді сақтау:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> күн</translation>
    </message>
    <message>
        <source>Destroyed data is gone from the backups too after this many days; the acts say so.</source>
        <translation>Осынша күннен кейін жойылған деректер сақтық көшірмелерден де жойылады; бұл актілерде көрсетіледі.</translation>
    </message>
    <message>
        <source>Skip the setup?</source>
        <translation>Баптауды өткізу керек пе?</translation>
    </message>
    <message>
        <source>Skip the setup for now?</source>
        <translation>Баптауды әзірге өткізіп жіберу керек пе?</translation>
    </message>
    <message>
        <source>The wizard will not open by itself again. Until the operators and staff are entered, requests and acts cannot name them: fill them in later from the File menu, “Set up operators and staff…”. The retention terms stay as the policy suggests; backups go to the default folder.</source>
        <translation>Шебер енді өздігінен ашылмайды. Операторлар мен қызметкерлер енгізілмейінше, оларды өтініштер мен актілерде көрсету мүмкін емес: оларды кейін «Файл» мәзірінен толтырыңыз → «Операторлар мен қызметкерлер…». Сақтау мерзімдері саясат ұсынғандай қалады; сақтық көшірмелер әдепкі қалтаға сақталады.</translation>
    </message>
    <message>
        <source>Skip for now</source>
        <translation>Әзірге өткізу</translation>
    </message>
    <message>
        <source>Go on with the setup</source>
        <translation>Баптауды жалғастыру</translation>
    </message>
    <message>
        <source>PDP Desk — first start</source>
        <translation>PDP Desk — алғашқы іске қосу</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Әрі қарай &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Артқа</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Дайын</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>The website&apos;s export</source>
        <translation>Сайт экспорты</translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>Кестелер (*.csv *.xlsx *.txt);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>%1 cannot be read as a table.</source>
        <translation>%1 файлын кесте ретінде оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>Excel workbook (first sheet)</source>
        <translation>Excel кітабы (бірінші парақ)</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>үтір</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>нүктелі үтір</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>табуляция</translation>
    </message>
    <message>
        <source>CSV text, encoding %1, delimiter: %2</source>
        <translation>CSV мәтіні, кодтауы %1, бөлгіш: %2</translation>
    </message>
    <message numerus="yes">
        <source>about %Ln row(s)</source>
        <translation>
            <numerusform>шамамен %Ln жол</numerusform>
            <numerusform>шамамен %Ln жол</numerusform>
        </translation>
    </message>
    <message>
        <source>the columns as chosen for this export last time</source>
        <translation>бағандар осындай экспорт үшін өткен жолғыдай</translation>
    </message>
    <message>
        <source>the columns guessed from their names: check them</source>
        <translation>бағандар атауларынан анықталды: оларды тексеріңіз</translation>
    </message>
    <message>
        <source>the columns as given</source>
        <translation>бағандар берілгендей</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 импортталуда…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Болдырмау</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импорттау</translation>
    </message>
    <message>
        <source>Cancelling: nothing will be imported…</source>
        <translation>Болдырмау: ештеңе импортталмайды…</translation>
    </message>
    <message>
        <source>Importing %1: %2 of about %3 rows…</source>
        <translation>%1 импортталуда: шамамен %3 жолдың %2…</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Ештеңе импортталмады</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>Импорт туралы есеп</translation>
    </message>
    <message>
        <source>The import was cancelled after %1 rows. Nothing was imported: the register is as it was.</source>
        <translation>Импорт %1 жолдан кейін тоқтатылды. Ештеңе импортталмады: тізілім бұрынғыдай қалды.</translation>
    </message>
    <message>
        <source>Check only: this is what the import would do. Nothing was written.</source>
        <translation>Тек тексеру: импорт осыны істер еді. Ештеңе жазылмады.</translation>
    </message>
    <message>
        <source>Imported %1: %2 rows read.</source>
        <translation>%1 импортталды: оқылған жолдар: %2.</translation>
    </message>
    <message>
        <source>No row was skipped.</source>
        <translation>Өткізілген жолдар жоқ.</translation>
    </message>
    <message>
        <source>People: %1 created, %2 updated, %3 unchanged, %4 skipped.</source>
        <translation>Адамдар: жасалды %1, жаңартылды %2, өзгеріссіз %3, өткізілді %4.</translation>
    </message>
    <message>
        <source>Orders: %1 created, %2 updated, %3 unchanged. Marketing consents recorded: %4.</source>
        <translation>Тапсырыстар: жасалды %1, жаңартылды %2, өзгеріссіз %3. Тіркелген жарнамаға келісімдер: %4.</translation>
    </message>
    <message>
        <source>Skipped because: %1</source>
        <translation>Өткізілу себебі: %1</translation>
    </message>
    <message>
        <source>Skipped rows (row of the file: reason):</source>
        <translation>Өткізілген жолдар (файл жолы: себебі):</translation>
    </message>
    <message>
        <source>Notes (the row was imported):</source>
        <translation>Ескертпелер (жол импортталды):</translation>
    </message>
    <message>
        <source>Save the skipped rows</source>
        <translation>Өткізіп жіберілген жолдарды сақтау</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV файлдары (*.csv)</translation>
    </message>
    <message>
        <source>Row of the file</source>
        <translation>Файл жолы</translation>
    </message>
    <message>
        <source>Reason code</source>
        <translation>Себеп коды</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Себебі</translation>
    </message>
    <message>
        <source>The skipped rows were not saved</source>
        <translation>Өткізіп жіберілген жолдар сақталмады</translation>
    </message>
    <message>
        <source>Import from the website&apos;s export</source>
        <translation>Сайт экспортынан импорттау</translation>
    </message>
    <message>
        <source>no phone, e-mail or IIN</source>
        <translation>телефон, e-mail немесе ЖСН жоқ</translation>
    </message>
    <message>
        <source>a cell is too long</source>
        <translation>ұяшық тым ұзын</translation>
    </message>
    <message>
        <source>the name is too long</source>
        <translation>аты тым ұзын</translation>
    </message>
    <message>
        <source>the contacts belong to different people (merge them first)</source>
        <translation>байланыстар әртүрлі адамдарға тиесілі (алдымен оларды біріктіріңіз)</translation>
    </message>
    <message>
        <source>the person is blocked</source>
        <translation>адам бұғатталған</translation>
    </message>
    <message>
        <source>a phone of another country, nothing else identifies the person</source>
        <translation>басқа елдің телефоны, адамды басқа ештеңе анықтамайды</translation>
    </message>
    <message>
        <source>a wrong phone, nothing else identifies the person</source>
        <translation>телефон қате, адамды басқа ештеңе анықтамайды</translation>
    </message>
    <message>
        <source>a wrong e-mail, nothing else identifies the person</source>
        <translation>e-mail қате, адамды басқа ештеңе анықтамайды</translation>
    </message>
    <message>
        <source>a wrong IIN, nothing else identifies the person</source>
        <translation>ЖСН қате, адамды басқа ештеңе анықтамайды</translation>
    </message>
    <message>
        <source>no phone, e-mail or IIN to identify the person</source>
        <translation>адамды анықтайтын телефон, e-mail немесе ЖСН жоқ</translation>
    </message>
    <message>
        <source>no other phone, e-mail or IIN identifies the person</source>
        <translation>адамды анықтайтын басқа телефон, e-mail немесе ЖСН жоқ</translation>
    </message>
    <message>
        <source>a cell is longer than %1 characters (column “%2”)</source>
        <translation>ұяшық %1 таңбадан ұзын («%2» бағаны)</translation>
    </message>
    <message>
        <source>the name is longer than %1 characters</source>
        <translation>аты-жөні %1 таңбадан ұзын</translation>
    </message>
    <message>
        <source>the phone, e-mail or IIN belong to different people in the register; merge them in the register first</source>
        <translation>телефон, e-mail немесе ЖСН тізілімдегі әртүрлі адамдарға тиесілі; алдымен оларды тізілімде біріктіріңіз</translation>
    </message>
    <message>
        <source>the person is blocked in the register: their data are not processed while blocked</source>
        <translation>адам тізілімде бұғатталған: бұғат тұрғанда оның деректері өңделмейді</translation>
    </message>
    <message>
        <source>the phone in column “%1” is not a Kazakhstan number</source>
        <translation>«%1» бағанындағы телефон қазақстандық нөмір емес</translation>
    </message>
    <message>
        <source>the phone in column “%1” is not a valid number (%2)</source>
        <translation>«%1» бағанындағы телефон дұрыс емес (%2)</translation>
    </message>
    <message>
        <source>the e-mail in column “%1” is not valid (%2)</source>
        <translation>«%1» бағанындағы e-mail дұрыс емес (%2)</translation>
    </message>
    <message>
        <source>the IIN in column “%1” is not valid (%2)</source>
        <translation>«%1» бағанындағы ЖСН дұрыс емес (%2)</translation>
    </message>
    <message>
        <source>not ten digits after +7 or 8</source>
        <translation>+7 не 8-ден кейін он цифр емес</translation>
    </message>
    <message>
        <source>letters or signs in the number</source>
        <translation>нөмірде әріптер не артық белгілер бар</translation>
    </message>
    <message>
        <source>far too long</source>
        <translation>тым ұзын</translation>
    </message>
    <message>
        <source>not an e-mail address</source>
        <translation>электрондық пошта мекенжайы емес</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>тым ұзын</translation>
    </message>
    <message>
        <source>an IIN has 12 digits</source>
        <translation>ЖСН-да 12 цифр болады</translation>
    </message>
    <message>
        <source>the check digit does not match</source>
        <translation>бақылау цифры сәйкес келмейді</translation>
    </message>
    <message>
        <source>no such IIN is issued</source>
        <translation>мұндай ЖСН берілмейді</translation>
    </message>
    <message>
        <source>the 7th digit is wrong</source>
        <translation>7-цифры қате</translation>
    </message>
    <message>
        <source>the date of birth in it is wrong</source>
        <translation>ондағы туған күні қате</translation>
    </message>
    <message>
        <source>The file is not there.</source>
        <translation>Файл табылмады.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Файл бос.</translation>
    </message>
    <message>
        <source>The file is too large to import.</source>
        <translation>Файл импорттау үшін тым үлкен.</translation>
    </message>
    <message>
        <source>This is an old Excel file (.xls): save it as .xlsx or CSV first.</source>
        <translation>Бұл ескі Excel файлы (.xls): алдымен оны .xlsx немесе CSV ретінде сақтаңыз.</translation>
    </message>
    <message>
        <source>The file is not text in an encoding PDP Desk knows (UTF-8, UTF-16 or Windows-1251).</source>
        <translation>Файл PDP Desk білетін кодтаудағы (UTF-8, UTF-16 немесе Windows-1251) мәтін емес.</translation>
    </message>
    <message>
        <source>The quoting in the file is broken.</source>
        <translation>Файлдағы тырнақшалар бұзылған.</translation>
    </message>
    <message>
        <source>The file has too many columns.</source>
        <translation>Файлда бағандар тым көп.</translation>
    </message>
    <message>
        <source>The file has too many rows.</source>
        <translation>Файлда жолдар тым көп.</translation>
    </message>
    <message>
        <source>The file is not a readable table.</source>
        <translation>Файл оқылатын кесте емес.</translation>
    </message>
    <message>
        <source>The first line does not hold the column names.</source>
        <translation>Бірінші жолда бағандардың атаулары жоқ.</translation>
    </message>
    <message>
        <source>The file has no rows to import.</source>
        <translation>Файлда импорттайтын жолдар жоқ.</translation>
    </message>
    <message>
        <source>The columns chosen are not in the file.</source>
        <translation>Таңдалған бағандар файлда жоқ.</translation>
    </message>
    <message>
        <source>Several columns are mapped to the same field.</source>
        <translation>Бірнеше баған бір өріске сәйкестендірілген.</translation>
    </message>
    <message>
        <source>Map at least one column to the phone, the e-mail or the IIN: people are matched to the register by them.</source>
        <translation>Кемінде бір бағанды телефонға, e-mail-ге немесе ЖСН-ге сәйкестендіріңіз: адамдар тізіліммен солар арқылы салыстырылады.</translation>
    </message>
    <message>
        <source>The order number is mapped but the order date is not.</source>
        <translation>Тапсырыс нөмірі көрсетілген, ал тапсырыс күні көрсетілмеген.</translation>
    </message>
    <message>
        <source>Line %1.</source>
        <translation>%1-жол.</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>Файлды таңдау…</translation>
    </message>
    <message>
        <source>A CSV or XLSX export of customers or orders</source>
        <translation>Клиенттер немесе тапсырыстар бойынша CSV не XLSX экспорты</translation>
    </message>
    <message>
        <source>Check what each column holds (the list above each column); columns set to “Do not import” are left out.</source>
        <translation>Әр бағанда не барын тексеріңіз (бағанның үстіндегі тізім); «Импорттамау» деп белгіленген бағандар өткізіліп жіберіледі.</translation>
    </message>
    <message>
        <source>Category of the people:</source>
        <translation>Адамдардың санаты:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>match people of any operator</source>
        <translation>кез келген оператордың адамдарымен салыстыру</translation>
    </message>
    <message>
        <source>Check only: show the report, write nothing</source>
        <translation>Тек тексеру: есепті көрсету, ештеңе жазбау</translation>
    </message>
    <message>
        <source>Copy the report</source>
        <translation>Есепті көшіру</translation>
    </message>
    <message>
        <source>Save the skipped rows…</source>
        <translation>Өткізіп жіберілген жолдарды сақтау…</translation>
    </message>
    <message>
        <source>Import another file</source>
        <translation>Басқа файлды импорттау</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Жабу</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Working days left to the nearest deadline; negative: late by that many.</source>
        <translation>Ең жақын мерзімге дейінгі жұмыс күндері; минус таңбасы — сонша күнге кешіктірілген.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Алынды</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Мәртебесі</translation>
    </message>
    <message>
        <source>Answer due</source>
        <translation>Жауап беру мерзімі</translation>
    </message>
    <message>
        <source>Action due</source>
        <translation>Орындау мерзімі</translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation>Қалған жұмыс күндері</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>басталмаған</translation>
    </message>
    <message>
        <source>today</source>
        <translation>бүгін</translation>
    </message>
    <message>
        <source>No deadline is running: the request is answered, or its clock waits for an event (documents, confirmation).</source>
        <translation>Мерзім жүріп жатқан жоқ: өтінішке жауап берілді немесе есептеу оқиғаны күтуде (құжаттар, растау).</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation>
            <numerusform>Мерзімі %n жұмыс күнге өтіп кетті</numerusform>
            <numerusform>Мерзімі %n жұмыс күнге өтіп кетті</numerusform>
        </translation>
    </message>
    <message>
        <source>Nearest deadline: %1</source>
        <translation>Ең жақын мерзім: %1</translation>
    </message>
    <message>
        <source>This person&apos;s data is blocked: it may not be used until the block is lifted.</source>
        <translation>Бұл адамның деректері бұғатталған: бұғат алынғанша оларды пайдалануға болмайды.</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>Оператор: %1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Жауапты: %1</translation>
    </message>
</context>
<context>
    <name>InboxTab</name>
    <message>
        <source>Overdue: %1</source>
        <translation>Мерзімі өткен: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>Мерзімі бүгін: %1</translation>
    </message>
    <message>
        <source>Due within 2 working days: %1</source>
        <translation>2 жұмыс күні ішінде: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n өтініш</numerusform>
            <numerusform>%n өтініш</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown (scroll down for more)</source>
        <translation>%2 ішінен %1 көрсетілді (қалғанын көру үшін төмен айналдырыңыз)</translation>
    </message>
    <message>
        <source>New request…</source>
        <translation>Жаңа өтініш…</translation>
    </message>
    <message>
        <source>Journal for inspector…</source>
        <translation>Тексерушіге арналған журнал…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Жаңарту</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Түрі:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Мәртебесі:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation>Жауапты:</translation>
    </message>
    <message>
        <source>No.:</source>
        <translation>№:</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Барлық түрлер</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Барлық мәртебелер</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Барлық операторлар</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Барлығы</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>Ашық өтініштер</translation>
    </message>
    <message>
        <source>All requests</source>
        <translation>Барлық өтініштер</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Тек мерзімі өткендер</translation>
    </message>
    <message>
        <source>Part of the number</source>
        <translation>Нөмірдің бөлігі</translation>
    </message>
</context>
<context>
    <name>JournalDialog</name>
    <message>
        <source>Journal of requests for an inspector</source>
        <translation>Тексерушіге арналған өтініштер журналы</translation>
    </message>
    <message>
        <source>Received from – to:</source>
        <translation>Алынған кезең:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Пішімі:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Тілі:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Барлық операторлар</translation>
    </message>
    <message>
        <source>Include the operator&apos;s own notices (breach, transfer)</source>
        <translation>Оператордың өз хабарламаларын қосу (бұзушылық, беру)</translation>
    </message>
    <message>
        <source>Open the file when it is written</source>
        <translation>Сақталғаннан кейін файлды ашу</translation>
    </message>
    <message>
        <source>Every request received in the period: received, type, subject, deadlines, answered, outcome. The file holds people&apos;s names: hand it over only to the inspector.</source>
        <translation>Кезеңде алынған барлық өтініштер: алынған күні, түрі, субъект, мерзімдер, жауап берілген күні, нәтижесі. Файлда адамдардың аты-жөні бар: оны тек тексерушіге беріңіз.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорттау…</translation>
    </message>
    <message>
        <source>Save the journal as</source>
        <translation>Журналды сақтау</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Кезеңнің соңы басынан ерте.</translation>
    </message>
    <message>
        <source>The journal was not written.</source>
        <translation>Журнал сақталмады.</translation>
    </message>
</context>
<context>
    <name>LetterDialog</name>
    <message>
        <source>Make a letter</source>
        <translation>Хат дайындау</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>Print it</source>
        <translation>Басып шығару</translation>
    </message>
    <message>
        <source>Letter:</source>
        <translation>Хат:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Тілі:</translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation>Қол қояды:</translation>
    </message>
    <message>
        <source>Then:</source>
        <translation>Содан кейін:</translation>
    </message>
    <message>
        <source>The letter is saved with the request as a PDF file.</source>
        <translation>Хат өтінішпен бірге PDF файл ретінде сақталады.</translation>
    </message>
    <message>
        <source>Correct the template in “Letter templates…”.</source>
        <translation>Үлгіні «Хат үлгілері…» бөлімінде түзетіңіз.</translation>
    </message>
</context>
<context>
    <name>LetterTemplates</name>
    <message>
        <source>A brace { or } that does not open or close a field. To print a brace itself, type it twice.</source>
        <translation>Өрісті ашпайтын немесе жаппайтын { не } жақшасы. Жақшаның өзін басып шығару үшін оны екі рет теріңіз.</translation>
    </message>
    <message>
        <source>An empty field {}: write the field&apos;s name inside the braces.</source>
        <translation>Бос өріс {}: жақша ішіне өрістің атауын жазыңыз.</translation>
    </message>
    <message>
        <source>The field {%1} uses . or [ ]: only plain field names are allowed.</source>
        <translation>{%1} өрісінде . немесе [ ] бар: тек қарапайым өріс атауларына рұқсат етіледі.</translation>
    </message>
    <message>
        <source>The field {%1} has ! or : in it: write just the field&apos;s name.</source>
        <translation>{%1} өрісінде ! немесе : бар: тек өрістің атауын жазыңыз.</translation>
    </message>
    <message>
        <source>Unknown field {%1}: use one of the fields listed on the right.</source>
        <translation>Белгісіз өріс {%1}: оң жақтағы тізімдегі өрістерді пайдаланыңыз.</translation>
    </message>
    <message>
        <source>This letter must contain the field {%1}.</source>
        <translation>Бұл хатта {%1} өрісі болуы керек.</translation>
    </message>
    <message>
        <source>The text is too long.</source>
        <translation>Мәтін тым ұзын.</translation>
    </message>
    <message>
        <source>The letter&apos;s text is empty.</source>
        <translation>Хаттың мәтіні бос.</translation>
    </message>
    <message>
        <source>(line %1, column %2)</source>
        <translation>(%1-жол, %2-позиция)</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>PDP Desk is locked. Enter the password to go on working: everything stays as you left it.</source>
        <translation>PDP Desk құлыпталған. Жұмысты жалғастыру үшін құпиясөзді енгізіңіз: бәрі сіз қалдырған күйінде қалады.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Құпиясөз</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Құлыпты ашу</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>Дерекқорды &amp;ашу…</translation>
    </message>
    <message>
        <source>&amp;Import from the website…</source>
        <translation>&amp;Сайттан импорттау…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Шығу</translation>
    </message>
    <message>
        <source>Set up operators and staff…</source>
        <translation>Операторлар мен қызметкерлер…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Көрініс</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Тіл</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Анықтама</translation>
    </message>
    <message>
        <source>&amp;About PDP Desk</source>
        <translation>PDP Desk &amp;туралы</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Тізілім</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Кіріс өтініштер</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Келісімдер</translation>
    </message>
    <message>
        <source>Destruction</source>
        <translation>Жою</translation>
    </message>
    <message>
        <source>Acts &amp; journal</source>
        <translation>Актілер мен журнал</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Баптаулар</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge duplicates</source>
        <translation>Телнұсқаларды біріктіру</translation>
    </message>
    <message>
        <source>Find the other card of the same person (by the phone or e-mail they share). Its data, orders, consents and requests move to “%1”; the other card is removed. The merge is recorded in the journal.</source>
        <translation>Сол адамның басқа карточкасын табыңыз (ортақ телефоны немесе e-mail бойынша). Оның деректері, тапсырыстары, келісімдері мен өтініштері «%1» карточкасына ауысады, ал басқа карточка жойылады. Біріктіру журналға жазылады.</translation>
    </message>
    <message>
        <source>Phone, e-mail, IIN or name</source>
        <translation>Телефон, e-mail, ЖСН немесе аты</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Табу</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Біріктіру</translation>
    </message>
    <message>
        <source>The search failed</source>
        <translation>Іздеу сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>Nobody else matches.</source>
        <translation>Басқа ешкім табылмады.</translation>
    </message>
    <message>
        <source>The subjects were not merged</source>
        <translation>Субъектілер біріктірілмеді</translation>
    </message>
    <message>
        <source>Choose two different people to merge.</source>
        <translation>Біріктіру үшін екі түрлі адамды таңдаңыз.</translation>
    </message>
    <message>
        <source>One of the two people is no longer in the register.</source>
        <translation>Екі адамның біреуі енді тізілімде жоқ.</translation>
    </message>
    <message>
        <source>The data of one of the two people has been destroyed.</source>
        <translation>Екі адамның біреуінің деректері жойылған.</translation>
    </message>
    <message>
        <source>These two people share no phone number and no e-mail address: nothing shows they are the same person, so they are not merged.</source>
        <translation>Бұл екі адамның ортақ телефоны да, e-mail-і де жоқ: олардың бір адам екенін ештеңе көрсетпейді, сондықтан олар біріктірілмеді.</translation>
    </message>
    <message>
        <source>These two people have different IINs: they are not the same person.</source>
        <translation>Бұл екі адамның ЖСН-дері әртүрлі: олар бір адам емес.</translation>
    </message>
</context>
<context>
    <name>MomentDialog</name>
    <message>
        <source>Add files…</source>
        <translation>Файлдар қосу…</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Файлдар:</translation>
    </message>
    <message>
        <source>This moment is in the future.</source>
        <translation>Бұл уақыт әлі келген жоқ.</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Файлдарды тіркеу</translation>
    </message>
    <message>
        <source>The file “%1” is %2; files up to %3 can be attached.</source>
        <translation>«%1» файлының көлемі — %2; %3 дейінгі файлдарды тіркеуге болады.</translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation>«%1» файлын оқу мүмкін емес.</translation>
    </message>
</context>
<context>
    <name>Morning</name>
    <message>
        <source>Overdue: %1</source>
        <translation>Мерзімі өткен: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>Мерзімі бүгін: %1</translation>
    </message>
    <message>
        <source>Due within 2 working days: %1</source>
        <translation>2 жұмыс күні ішінде: %1</translation>
    </message>
    <message>
        <source>Requests need attention</source>
        <translation>Өтініштер назар аударуды қажет етеді</translation>
    </message>
</context>
<context>
    <name>NetworkWarning</name>
    <message>
        <source>The database %1 is on a network drive.</source>
        <translation>%1 дерекқоры желілік дискіде орналасқан.</translation>
    </message>
    <message>
        <source>SQLite, which keeps PDP Desk&apos;s data, is not safe on a network drive: if two PCs open the file at once, or the network drops while saving, the database can be damaged.

Keep the database on this PC&apos;s own disk (File → Open database… to use another file). To share the register between PCs, use synchronisation, not a shared file.</source>
        <translation>PDP Desk деректерін сақтайтын SQLite желілік дискіде сенімсіз: файлды екі компьютер бір мезетте ашса немесе сақтау кезінде желі үзілсе, дерекқор бүлінуі мүмкін.

Дерекқорды осы компьютердің өз дискісінде сақтаңыз (басқа файлды таңдау үшін Файл → Дерекқорды ашу…). Тізілімді бірнеше компьютерде жүргізу үшін ортақ файлды емес, синхрондауды пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Database on a network drive</source>
        <translation>Дерекқор желілік дискіде</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Give the reasons: the law asks for a reasoned refusal.</source>
        <translation>Себептерін көрсетіңіз: заң дәлелді бас тартуды талап етеді.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Backup passphrase</source>
        <translation>Сақтық көшірмелердің құпия фразасы</translation>
    </message>
    <message>
        <source>A backup can only be opened with this passphrase, and nobody can recover it: not the developers, not PDP Desk. Write it down and keep it somewhere safe, away from the PC. Sync between the shop&apos;s PCs uses the same passphrase.</source>
        <translation>Сақтық көшірмені тек осы құпия фразамен ашуға болады, және оны ешкім қалпына келтіре алмайды — әзірлеушілер де, PDP Desk те. Оны жазып алып, компьютерден бөлек сенімді жерде сақтаңыз. Дүкен компьютерлері арасындағы синхрондау да осы фразаны пайдаланады.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Құпия фраза:</translation>
    </message>
    <message>
        <source>Once more:</source>
        <translation>Тағы бір рет:</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразалар сәйкес келмейді.</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>This installation cannot show PDF files: open the act in the system&apos;s viewer instead.</source>
        <translation>Бұл орнату PDF файлдарын көрсете алмайды: актіні жүйенің қарау бағдарламасында ашыңыз.</translation>
    </message>
    <message>
        <source>Only the first %1 pages are shown here: open the act to see all of it.</source>
        <translation>Мұнда тек алғашқы %1 бет көрсетілген: актіні толық көру үшін оны ашыңыз.</translation>
    </message>
</context>
<context>
    <name>PlaceholderTab</name>
    <message>
        <source>This part of PDP Desk is still being built.</source>
        <translation>PDP Desk-тің бұл бөлімі әлі әзірленуде.</translation>
    </message>
</context>
<context>
    <name>PolicySection</name>
    <message>
        <source>The versions could not be read</source>
        <translation>Редакцияларды оқу мүмкін болмады</translation>
    </message>
    <message>
        <source>Privacy policy, version %1</source>
        <translation>Құпиялылық саясаты, %1 редакциясы</translation>
    </message>
    <message>
        <source>Privacy policy text</source>
        <translation>Құпиялылық саясатының мәтіні</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Мәтіндік файлдар (*.txt);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>%1 cannot be read as a text file.</source>
        <translation>%1 файлын мәтіндік файл ретінде оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>Policy versions</source>
        <translation>Саясат редакциялары</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Құпиялылық саясаты</translation>
    </message>
    <message>
        <source>Every version of the policy is kept whole with its fingerprint, so each consent can be shown with the text in force when it was given. ✓ marks the version in force today.</source>
        <translation>Саясаттың әр редакциясы хэш-ізімен бірге толық сақталады, сондықтан әр келісімді ол берілген кезде күшінде болған мәтінмен көрсетуге болады. ✓ — бүгін күшіндегі редакция.</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Редакция</translation>
    </message>
    <message>
        <source>In force from</source>
        <translation>Күшіне енген күні</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Тілі</translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256)</source>
        <translation>Хэш-із (SHA-256)</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Қосылған күні</translation>
    </message>
    <message>
        <source>Show the text…</source>
        <translation>Мәтінді көрсету…</translation>
    </message>
    <message>
        <source>Add a version from a file…</source>
        <translation>Файлдан редакция қосу…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>4. Preview of the act</source>
        <translation>4. Актіні алдын ала қарау</translation>
    </message>
    <message>
        <source>The act as it will print (a draft: it gets its number when the data is destroyed). Go back to change anything.</source>
        <translation>Акт басып шығарылатын түрінде (жоба: нөмірі деректер жойылғанда беріледі). Бірдеңені өзгерту үшін артқа оралыңыз.</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Print preview: %1</source>
        <translation>Басып шығаруды алдын ала қарау: %1</translation>
    </message>
</context>
<context>
    <name>PurposeRow</name>
    <message>
        <source>Yes</source>
        <translation>Иә</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Жоқ</translation>
    </message>
</context>
<context>
    <name>RecordConsentDialog</name>
    <message>
        <source>Record a consent given</source>
        <translation>Келісімді тіркеу</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>Адам:</translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation>Мақсаты:</translation>
    </message>
    <message>
        <source>Given on:</source>
        <translation>Берілген уақыты:</translation>
    </message>
    <message>
        <source>How it was given:</source>
        <translation>Берілу тәсілі:</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Дәлел:</translation>
    </message>
    <message>
        <source>Policy version:</source>
        <translation>Саясат редакциясы:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Қолданылу мерзімі:</translation>
    </message>
    <message>
        <source>Data categories:</source>
        <translation>Деректер санаттары:</translation>
    </message>
    <message>
        <source>Third parties:</source>
        <translation>Үшінші тұлғалар:</translation>
    </message>
    <message>
        <source>Cross-border:</source>
        <translation>Трансшекаралық беру:</translation>
    </message>
    <message>
        <source>Public sources:</source>
        <translation>Жалпыға қолжетімді көздер:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>the form on the website, the signed paper, the recorded call …</source>
        <translation>сайттағы нысан, қол қойылған бланк, қоңырау жазбасы …</translation>
    </message>
    <message>
        <source>the version in force on that day</source>
        <translation>сол күні күшінде болған редакция</translation>
    </message>
    <message>
        <source>the person&apos;s operator</source>
        <translation>адамның операторы</translation>
    </message>
    <message>
        <source>for a limited time, until</source>
        <translation>шектеулі, дейін:</translation>
    </message>
    <message>
        <source>may be passed to third parties</source>
        <translation>үшінші тұлғаларға беруге болады</translation>
    </message>
    <message>
        <source>may be transferred abroad</source>
        <translation>шетелге беруге болады</translation>
    </message>
    <message>
        <source>may be published in public sources</source>
        <translation>жалпыға қолжетімді көздерде жариялауға болады</translation>
    </message>
    <message>
        <source>The consent was not recorded</source>
        <translation>Келісім тіркелмеді</translation>
    </message>
</context>
<context>
    <name>RegisterErrors</name>
    <message>
        <source>This is too long for a phone number.</source>
        <translation>Телефон нөмірі үшін тым ұзын.</translation>
    </message>
    <message>
        <source>Enter a phone number.</source>
        <translation>Телефон нөмірін енгізіңіз.</translation>
    </message>
    <message>
        <source>A phone number holds digits, an optional leading +, spaces, hyphens and brackets only.</source>
        <translation>Телефон нөмірінде тек цифрлар, басындағы +, бос орындар, сызықшалар және жақшалар болады.</translation>
    </message>
    <message>
        <source>Not a Kazakhstan number: Kazakhstan numbers start with +7 7.</source>
        <translation>Бұл қазақстандық нөмір емес: қазақстандық нөмірлер +7 7-ден басталады.</translation>
    </message>
    <message>
        <source>A Kazakhstan number has ten digits after +7 or 8 (e.g. +7 701 123 45 67).</source>
        <translation>Қазақстандық нөмірде +7 немесе 8-ден кейін он цифр болады (мысалы, +7 701 123 45 67).</translation>
    </message>
    <message>
        <source>This e-mail address is too long.</source>
        <translation>Электрондық пошта мекенжайы тым ұзын.</translation>
    </message>
    <message>
        <source>Enter an e-mail address.</source>
        <translation>Электрондық пошта мекенжайын енгізіңіз.</translation>
    </message>
    <message>
        <source>This is not a valid e-mail address.</source>
        <translation>Бұл дұрыс электрондық пошта мекенжайы емес.</translation>
    </message>
    <message>
        <source>Enter the IIN.</source>
        <translation>ЖСН енгізіңіз.</translation>
    </message>
    <message>
        <source>An IIN has 12 digits.</source>
        <translation>ЖСН-де 12 цифр болады.</translation>
    </message>
    <message>
        <source>The 7th digit of an IIN (century and sex) is 1 to 6.</source>
        <translation>ЖСН-нің 7-цифры (ғасыр мен жыныс) 1-ден 6-ға дейін болады.</translation>
    </message>
    <message>
        <source>No IIN is ever issued with these first 11 digits.</source>
        <translation>Мұндай алғашқы 11 цифры бар ЖСН берілмейді.</translation>
    </message>
    <message>
        <source>The check digit of this IIN is wrong (a typing error?).</source>
        <translation>ЖСН-нің бақылау цифры қате (қате терілген бе?).</translation>
    </message>
    <message>
        <source>Choose the category of the subject.</source>
        <translation>Субъектінің санатын таңдаңыз.</translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation>Тым ұзын.</translation>
    </message>
    <message>
        <source>Give at least a name, a phone number, an e-mail or an IIN.</source>
        <translation>Кемінде аты-жөнін, телефонын, e-mail-ін немесе ЖСН-ін көрсетіңіз.</translation>
    </message>
    <message>
        <source>There is no such subject (it may have been destroyed).</source>
        <translation>Мұндай субъект жоқ (деректері жойылған болуы мүмкін).</translation>
    </message>
    <message>
        <source>Another person in the register has this; open their card instead.</source>
        <translation>Бұл тізілімдегі басқа адамда бар; оның карточкасын ашыңыз.</translation>
    </message>
    <message>
        <source>There is no such operator.</source>
        <translation>Мұндай оператор жоқ.</translation>
    </message>
    <message>
        <source>Choose one of the purposes of the policy.</source>
        <translation>Саясат мақсаттарының бірін таңдаңыз.</translation>
    </message>
    <message>
        <source>Choose the purposes the consent is withdrawn for.</source>
        <translation>Келісім қай мақсаттар үшін кері қайтарылатынын таңдаңыз.</translation>
    </message>
    <message>
        <source>There is no consent in force for this purpose: nothing to withdraw.</source>
        <translation>Бұл мақсат үшін күшіндегі келісім жоқ: кері қайтаратын ештеңе жоқ.</translation>
    </message>
    <message>
        <source>Choose how it came.</source>
        <translation>Қалай келіп түскенін таңдаңыз.</translation>
    </message>
    <message>
        <source>Say how the consent can be proven (the form, the signed paper, the recorded call …).</source>
        <translation>Келісімнің немен дәлелденетінін көрсетіңіз (нысан, қол қойылған бланк, қоңырау жазбасы …).</translation>
    </message>
    <message>
        <source>The evidence is longer than 500 characters.</source>
        <translation>Дәлел 500 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>There is no such version of the policy.</source>
        <translation>Саясаттың мұндай редакциясы жоқ.</translation>
    </message>
    <message>
        <source>No version of the policy was in force on that day: choose one.</source>
        <translation>Сол күні саясаттың ешбір редакциясы күшінде болмаған: редакцияны таңдаңыз.</translation>
    </message>
    <message>
        <source>The consent cannot end before it was given.</source>
        <translation>Келісімнің мерзімі ол берілгенге дейін аяқтала алмайды.</translation>
    </message>
    <message>
        <source>The term must be a calendar date.</source>
        <translation>Мерзімі күнтізбелік күн болуы керек.</translation>
    </message>
    <message>
        <source>Unknown data category.</source>
        <translation>Белгісіз деректер санаты.</translation>
    </message>
    <message>
        <source>Give the date and time.</source>
        <translation>Күні мен уақытын көрсетіңіз.</translation>
    </message>
    <message>
        <source>The time is in the future. Check the date, and the PC&apos;s clock.</source>
        <translation>Уақыт болашақта. Күнді және компьютер сағатын тексеріңіз.</translation>
    </message>
    <message>
        <source>The date is before 2000.</source>
        <translation>Күні 2000 жылдан ерте.</translation>
    </message>
    <message>
        <source>The consent cannot be withdrawn before it was given.</source>
        <translation>Келісімді ол берілгенге дейін кері қайтаруға болмайды.</translation>
    </message>
</context>
<context>
    <name>RegisterLabels</name>
    <message>
        <source>Active</source>
        <translation>Белсенді</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Бұғатталған</translation>
    </message>
    <message>
        <source>Destroyed</source>
        <translation>Жойылған</translation>
    </message>
    <message>
        <source>Website use</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Маркетинг</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Жеткізу</translation>
    </message>
    <message>
        <source>W</source>
        <translation>С</translation>
    </message>
    <message>
        <source>M</source>
        <translation>М</translation>
    </message>
    <message>
        <source>D</source>
        <translation>Ж</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>Келісім берілген</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Кері қайтарылған</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Мерзімі өткен</translation>
    </message>
    <message>
        <source>No consent</source>
        <translation>Келісім жоқ</translation>
    </message>
    <message>
        <source>Unregistered</source>
        <translation>Тіркелмеген</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Тіркелген</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Алушы</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>иә</translation>
    </message>
    <message>
        <source>no</source>
        <translation>жоқ</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>No date: a consent without a term is in force.</source>
        <translation>Күні жоқ: мерзімсіз келісім күшінде.</translation>
    </message>
    <message>
        <source>Due for destruction since %1.</source>
        <translation>%1 бастап жойылуы тиіс.</translation>
    </message>
    <message>
        <source>To be destroyed on %1 unless a purpose justifies the data longer.</source>
        <translation>Егер ешбір мақсат ұзағырақ сақтауды негіздемесе, %1 жойылады.</translation>
    </message>
    <message>
        <source>Destroyed: only the id is kept.</source>
        <translation>Жойылған: тек идентификаторы сақталады.</translation>
    </message>
    <message>
        <source>Register № %1</source>
        <translation>Тізілімдегі № %1</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Санат</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Аты-жөні</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефондар</translation>
    </message>
    <message>
        <source>E-mails</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебесі</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Келісімдер</translation>
    </message>
    <message>
        <source>Destruction date</source>
        <translation>Жою күні</translation>
    </message>
</context>
<context>
    <name>RegisterTab</name>
    <message>
        <source>Counting…</source>
        <translation>Есептелуде…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln subject(s)</source>
        <translation>
            <numerusform>%Ln субъект</numerusform>
            <numerusform>%Ln субъект</numerusform>
        </translation>
    </message>
    <message>
        <source>The register could not be read</source>
        <translation>Тізілімді оқу мүмкін болмады</translation>
    </message>
    <message>
        <source>Find: phone in any spelling, e-mail, IIN or part of a name</source>
        <translation>Іздеу: кез келген жазылымдағы телефон, e-mail, ЖСН немесе аты-жөнінің бөлігі</translation>
    </message>
    <message>
        <source>New subject…</source>
        <translation>Жаңа субъект…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>Сұрыптау:</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Барлық санаттар</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Кез келген мәртебе</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Барлық операторлар</translation>
    </message>
    <message>
        <source>Any purpose</source>
        <translation>Кез келген мақсат</translation>
    </message>
    <message>
        <source>Any consent</source>
        <translation>Кез келген келісім</translation>
    </message>
    <message>
        <source>due for destruction</source>
        <translation>жойылуы тиіс</translation>
    </message>
    <message>
        <source>name</source>
        <translation>аты-жөні</translation>
    </message>
    <message>
        <source>date added</source>
        <translation>қосылған күні</translation>
    </message>
    <message>
        <source>destruction date</source>
        <translation>жою күні</translation>
    </message>
    <message>
        <source>Go to row:</source>
        <translation>Жолға өту:</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Өту</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>Карточканы ашу</translation>
    </message>
    <message>
        <source>Consents: %1.   ✓ given   ✗ withdrawn   ◷ expired   – none</source>
        <translation>Келісімдер: %1.   ✓ берілген   ✗ кері қайтарылған   ◷ мерзімі өткен   – жоқ</translation>
    </message>
</context>
<context>
    <name>RequestDetailDialog</name>
    <message>
        <source>Request %1</source>
        <translation>Өтініш %1</translation>
    </message>
    <message>
        <source>Documents received: %1</source>
        <translation>Құжаттар алынды: %1</translation>
    </message>
    <message>
        <source>Unlawful processing confirmed: %1</source>
        <translation>Заңсыз өңдеу расталды: %1</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>бұғатталған</translation>
    </message>
    <message>
        <source>(data destroyed)</source>
        <translation>(деректер жойылды)</translation>
    </message>
    <message>
        <source>IIN %1</source>
        <translation>ЖСН %1</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Бас тартылды: %1</translation>
    </message>
    <message>
        <source>Answered %1</source>
        <translation>Жауап берілді %1</translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation>Жабылды %1</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>мерзімі %1</translation>
    </message>
    <message>
        <source>This request runs no clock.</source>
        <translation>Бұл өтініштің мерзімдері жоқ.</translation>
    </message>
    <message>
        <source>Letter made</source>
        <translation>Хат дайындалды</translation>
    </message>
    <message>
        <source>answer:</source>
        <translation>жауап:</translation>
    </message>
    <message>
        <source>action:</source>
        <translation>әрекет:</translation>
    </message>
    <message>
        <source>This was not done.</source>
        <translation>Әрекет орындалмады.</translation>
    </message>
    <message>
        <source>Identity checked</source>
        <translation>Жеке басы тексерілді</translation>
    </message>
    <message>
        <source>How it was checked:</source>
        <translation>Қалай тексерілді:</translation>
    </message>
    <message>
        <source>For example: identity card shown; signed with an electronic signature; the power of attorney checked.</source>
        <translation>Мысалы: жеке куәлік көрсетілді; ЭЦҚ-мен қол қойылды; сенімхат тексерілді.</translation>
    </message>
    <message>
        <source>Answer given</source>
        <translation>Жауап берілді</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>Ескертпе (міндетті емес):</translation>
    </message>
    <message>
        <source>Record that the answer was sent. Make the letter with “Make a letter…” and keep it with the request.</source>
        <translation>Жауаптың жіберілгенін белгілеңіз. Хатты «Хат дайындау…» батырмасымен дайындауға болады, ол өтініште сақталады.</translation>
    </message>
    <message>
        <source>Refuse with reasons</source>
        <translation>Дәлелді бас тарту</translation>
    </message>
    <message>
        <source>Reasons:</source>
        <translation>Себептері:</translation>
    </message>
    <message>
        <source>The reasons go into the refusal letter as they are written here.</source>
        <translation>Себептер бас тарту хатына осында жазылғандай түседі.</translation>
    </message>
    <message>
        <source>The request was not closed.</source>
        <translation>Өтініш жабылмады.</translation>
    </message>
    <message>
        <source>Documents received</source>
        <translation>Құжаттар алынды</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Алынды:</translation>
    </message>
    <message>
        <source>Confirm unlawful processing</source>
        <translation>Заңсыз өңдеуді растау</translation>
    </message>
    <message>
        <source>Confirmed:</source>
        <translation>Расталды:</translation>
    </message>
    <message>
        <source>Action done</source>
        <translation>Әрекет орындалды</translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation>Не істелді:</translation>
    </message>
    <message>
        <source>The file cannot be opened.</source>
        <translation>Файлды ашу мүмкін емес.</translation>
    </message>
    <message>
        <source>Save the file</source>
        <translation>Файлды сақтау</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Сақталмады</translation>
    </message>
    <message>
        <source>The file could not be written: %1</source>
        <translation>Файлды жазу мүмкін болмады: %1</translation>
    </message>
    <message>
        <source>The letter could not be printed.</source>
        <translation>Хатты басып шығару мүмкін болмады.</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Файлдарды тіркеу</translation>
    </message>
    <message>
        <source>The files were not attached.</source>
        <translation>Файлдар тіркелмеді.</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Арна:</translation>
    </message>
    <message>
        <source>Who asks:</source>
        <translation>Өтініш беруші:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation>Жауапты:</translation>
    </message>
    <message>
        <source>Answer to:</source>
        <translation>Жауап мекенжайы:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Субъект:</translation>
    </message>
    <message>
        <source>Contacts:</source>
        <translation>Байланыс деректері:</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>Нәтижесі:</translation>
    </message>
    <message>
        <source>The request</source>
        <translation>Өтініш</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Мәтін</translation>
    </message>
    <message>
        <source>Deadlines (working days)</source>
        <translation>Мерзімдер (жұмыс күндерімен)</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Өтініштің барысы</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Қашан</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Не</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Толығырақ</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кім</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлдар</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Көлемі</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Қосылды</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Басқаша сақтау…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Басып шығару…</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Файлдар қосу…</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Келесі қадам</translation>
    </message>
    <message>
        <source>Identity checked…</source>
        <translation>Жеке басы тексерілді…</translation>
    </message>
    <message>
        <source>Take into work</source>
        <translation>Жұмысқа алу</translation>
    </message>
    <message>
        <source>Answer given…</source>
        <translation>Жауап берілді…</translation>
    </message>
    <message>
        <source>Refuse with reasons…</source>
        <translation>Себебін көрсетіп бас тарту…</translation>
    </message>
    <message>
        <source>Close the request</source>
        <translation>Өтінішті жабу</translation>
    </message>
    <message>
        <source>What the law asks for</source>
        <translation>Заң талаптары</translation>
    </message>
    <message>
        <source>Documents received…</source>
        <translation>Құжаттар алынды…</translation>
    </message>
    <message>
        <source>Confirm unlawful processing…</source>
        <translation>Заңсыз өңдеуді растау…</translation>
    </message>
    <message>
        <source>Correct the data…</source>
        <translation>Деректерді түзету…</translation>
    </message>
    <message>
        <source>Block the data</source>
        <translation>Деректерді бұғаттау</translation>
    </message>
    <message>
        <source>Unblock the data</source>
        <translation>Деректерді бұғаттан шығару</translation>
    </message>
    <message>
        <source>Queue for destruction…</source>
        <translation>Жоюға кезекке қою…</translation>
    </message>
    <message>
        <source>Consent withdrawn…</source>
        <translation>Келісімді кері қайтарып алу…</translation>
    </message>
    <message>
        <source>Action done…</source>
        <translation>Әрекет орындалды…</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>Хаттар</translation>
    </message>
    <message>
        <source>Make a letter…</source>
        <translation>Хат дайындау…</translation>
    </message>
    <message>
        <source>Letter templates…</source>
        <translation>Хат үлгілері…</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <source>New request</source>
        <translation>Жаңа өтініш</translation>
    </message>
    <message>
        <source>The request</source>
        <translation>Өтініш</translation>
    </message>
    <message>
        <source>Who asks</source>
        <translation>Кім өтініш береді</translation>
    </message>
    <message>
        <source>Whom it is about</source>
        <translation>Өтініш кім туралы</translation>
    </message>
    <message>
        <source>Text of the request</source>
        <translation>Өтініштің мәтіні</translation>
    </message>
    <message>
        <source>Files (scans, letters)</source>
        <translation>Файлдар (скан-көшірмелер, хаттар)</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Түрі:</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Арна:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Алынды:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation>Жауапты:</translation>
    </message>
    <message>
        <source>Answer to:</source>
        <translation>Жауап мекенжайы:</translation>
    </message>
    <message>
        <source>Language of the answer:</source>
        <translation>Жауап тілі:</translation>
    </message>
    <message>
        <source>Representative:</source>
        <translation>Өкіл:</translation>
    </message>
    <message>
        <source>Authority document:</source>
        <translation>Өкілеттік құжаты:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>Аты-жөні:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>Эл. пошта:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Санаты:</translation>
    </message>
    <message>
        <source>When the request reached the shop, in Kazakhstan time: the deadline is counted from this day.</source>
        <translation>Өтініштің түскен уақыты, Қазақстан уақытымен: мерзім осы күннен бастап есептеледі.</translation>
    </message>
    <message>
        <source>E-mail or postal address for the answer</source>
        <translation>Жауапқа арналған эл. пошта немесе пошта мекенжайы</translation>
    </message>
    <message>
        <source>e.g. power of attorney No. 15 of 02.03.2026</source>
        <translation>мыс. 02.03.2026 жылғы № 15 сенімхат</translation>
    </message>
    <message>
        <source>The subject in person</source>
        <translation>Субъектінің өзі</translation>
    </message>
    <message>
        <source>A representative</source>
        <translation>Өкіл</translation>
    </message>
    <message>
        <source>Find in the register</source>
        <translation>Тізілімнен табу</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>Жаңа адам</translation>
    </message>
    <message>
        <source>Name, phone, e-mail or IIN</source>
        <translation>Аты-жөні, телефон, эл. пошта немесе ЖСН</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Файлдар қосу…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Жою</translation>
    </message>
    <message>
        <source>Up to %1 per file.</source>
        <translation>Бір файлға %1 дейін.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сақтау</translation>
    </message>
    <message>
        <source>The supporting documents came with the request</source>
        <translation>Растайтын құжаттар өтінішпен бірге келді</translation>
    </message>
    <message>
        <source>The 1-working-day clock of a correction starts when the documents are in hand. If they come later, record them in the request.</source>
        <translation>Түзетудің 1 жұмыс күндік мерзімі құжаттар алынған сәттен басталады. Егер құжаттар кейін келсе, оларды өтініште белгілеңіз.</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(аты жоқ)</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>бұғатталған</translation>
    </message>
    <message>
        <source>Nobody found. Check the spelling, or enter a new person.</source>
        <translation>Ешкім табылмады. Жазылуын тексеріңіз немесе жаңа адамды енгізіңіз.</translation>
    </message>
    <message>
        <source>Showing the first %1: type more to narrow the search.</source>
        <translation>Алғашқы %1 көрсетілді: іздеуді нақтылаңыз.</translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n табылды</numerusform>
            <numerusform>%n табылды</numerusform>
        </translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Файлдарды тіркеу</translation>
    </message>
    <message>
        <source>The file “%1” is %2; files up to %3 can be attached. Attach a smaller file (for example a scan in a lower resolution).</source>
        <translation>«%1» файлының көлемі — %2; %3 дейінгі файлдарды тіркеуге болады. Кішірек файлды тіркеңіз (мысалы, ажыратымдылығы төменірек скан).</translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation>«%1» файлын оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>This moment is in the future. Give the date and time the request actually reached the shop (and check the PC&apos;s clock).</source>
        <translation>Бұл уақыт әлі келген жоқ. Өтініштің нақты түскен күні мен уақытын көрсетіңіз (және компьютердің сағатын тексеріңіз).</translation>
    </message>
    <message>
        <source>Choose the operator the request is addressed to.</source>
        <translation>Өтініш жолданған операторды таңдаңыз.</translation>
    </message>
    <message>
        <source>Choose the person from the list, or enter a new person.</source>
        <translation>Тізімнен адамды таңдаңыз немесе жаңа адамды енгізіңіз.</translation>
    </message>
    <message>
        <source>The request was not registered.</source>
        <translation>Өтініш тіркелмеді.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore a backup</source>
        <translation>Сақтық көшірмеден қалпына келтіру</translation>
    </message>
    <message>
        <source>The database will be replaced by the backup of %1 (%2).

Everything entered since then is lost, except destructions: every destruction recorded since the backup was made is applied to it again, with its act and journal entries, so destroyed data does not come back.

The database as it is now is kept first, sealed with the passphrase, in the backups folder. The window closes the database meanwhile and opens it again when done.</source>
        <translation>Дерекқор %1 (%2) сақтық көшірмесімен ауыстырылады.

Одан кейін енгізілгеннің бәрі жоғалады, жоюлардан басқасы: көшірме жасалғаннан кейінгі әрбір жою актісімен және журнал жазбаларымен бірге оған қайта қолданылады, сондықтан жойылған деректер қайтып оралмайды.

Ағымдағы дерекқор алдымен құпия фразамен шифрланып, сақтық көшірмелер қалтасына сақталады. Қалпына келтіру кезінде терезе дерекқорды жауып, аяқталғанда қайта ашады.</translation>
    </message>
    <message>
        <source>Passphrase of the backup:</source>
        <translation>Сақтық көшірменің құпия фразасы:</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Қалпына келтіру</translation>
    </message>
</context>
<context>
    <name>RestoreFlow</name>
    <message>
        <source>Restoring the backup</source>
        <translation>Сақтық көшірмеден қалпына келтіру</translation>
    </message>
    <message>
        <source>Checking the backup and re-applying the destructions recorded since it was made…</source>
        <translation>Сақтық көшірмені тексеру және ол жасалғаннан кейінгі жоюларды қайта қолдану…</translation>
    </message>
    <message>
        <source>The backup of %1 is restored. Destroyed subjects removed again: %2; acts added back: %3. The database as it was before is kept, sealed, as %4.</source>
        <translation>%1 сақтық көшірмесі қалпына келтірілді. Жойылған субъектілер қайта өшірілді: %2; қайтарылған актілер: %3. Бұрынғы дерекқор шифрланған түрде сақталды: %4.</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Қалпына келтірілді</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>Қалпына келтірілмеді</translation>
    </message>
</context>
<context>
    <name>RetentionSection</name>
    <message>
        <source>The retention rules could not be read</source>
        <translation>Сақтау ережелерін оқу мүмкін болмады</translation>
    </message>
    <message>
        <source>Nothing to save: the rules are as they were.</source>
        <translation>Сақтайтын ештеңе жоқ: ережелер өзгерген жоқ.</translation>
    </message>
    <message>
        <source>The retention rules were not saved</source>
        <translation>Сақтау ережелері сақталмады</translation>
    </message>
    <message>
        <source>Saved. The dates of destruction follow the new rules.</source>
        <translation>Сақталды. Жою күндері енді жаңа ережелер бойынша есептеледі.</translation>
    </message>
    <message>
        <source>Give the retention term in days.</source>
        <translation>Сақтау мерзімін күнмен көрсетіңіз.</translation>
    </message>
    <message>
        <source>The term must be 1 to 36,500 days.</source>
        <translation>Мерзім 1-ден 36 500 күнге дейін болуы керек.</translation>
    </message>
    <message>
        <source>“Until withdrawn” has no term in days.</source>
        <translation>«Кері қайтарылғанға дейін» ережесінің күнмен мерзімі жоқ.</translation>
    </message>
    <message>
        <source>Choose a retention rule.</source>
        <translation>Сақтау ережесін таңдаңыз.</translation>
    </message>
    <message>
        <source>This purpose is no longer in the catalogue.</source>
        <translation>Бұл мақсат енді тізбеде жоқ.</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Сақтау мерзімдері</translation>
    </message>
    <message>
        <source>Saving the retention rules…</source>
        <translation>Сақтау ережелері сақталуда…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Болдырмау</translation>
    </message>
    <message>
        <source>Cancelling: the rules stay as they were…</source>
        <translation>Болдырмау: ережелер бұрынғыдай қалады…</translation>
    </message>
    <message>
        <source>%1: recomputing the destruction dates, %2 of %3 consents…</source>
        <translation>%1: жою күндері қайта есептелуде, %3 келісімнің %2…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was saved, the rules are as they were.</source>
        <translation>Болдырмалды: ештеңе сақталмады, ережелер бұрынғыдай.</translation>
    </message>
    <message>
        <source>Retention of data</source>
        <translation>Деректерді сақтау мерзімдері</translation>
    </message>
    <message>
        <source>How long the data collected for each purpose of the policy is kept. The policy says “as long as necessary”; these terms are the operator&apos;s choice. When no purpose justifies a subject&apos;s data any more, the subject is listed for destruction.</source>
        <translation>Саясаттың әр мақсаты үшін жиналған деректер қанша уақыт сақталады. Саясатта «қажет болғанша» делінген; бұл мерзімдерді оператор таңдайды. Субъект деректерін сақтауды ешбір мақсат негіздемейтін болғанда, ол жоюға арналған тізімге енеді.</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Мақсат</translation>
    </message>
    <message>
        <source>Policy section</source>
        <translation>Саясат бөлімі</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Сақталады</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Күн</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сақтау</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Өзгерістерді болдырмау</translation>
    </message>
    <message>
        <source>until the consent is withdrawn</source>
        <translation>келісім кері қайтарылғанға дейін</translation>
    </message>
    <message>
        <source>days after the consent was given</source>
        <translation>келісім берілгеннен кейін күн</translation>
    </message>
    <message>
        <source>days after the last order</source>
        <translation>соңғы тапсырыстан кейін күн</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>%1: the data is already destroyed (act № %2): go back and uncheck this person.</source>
        <translation>%1: деректер жойылып қойған (№ %2 акт): артқа оралып, бұл адамның белгісін алып тастаңыз.</translation>
    </message>
    <message>
        <source>%1 is no longer in the register: go back and uncheck this person.</source>
        <translation>%1 тізілімде енді жоқ: артқа оралып, бұл адамның белгісін алып тастаңыз.</translation>
    </message>
    <message>
        <source>%1 is excluded: write the reasoned refusal (an open obligation, a legal hold …).</source>
        <translation>%1 шығарылды: дәлелді бас тартуды жазыңыз (орындалмаған міндеттеме, заң бойынша сақтау талабы …).</translation>
    </message>
    <message>
        <source>Everyone is excluded: there is nothing to destroy.</source>
        <translation>Барлығы шығарылды: жоятын ештеңе жоқ.</translation>
    </message>
    <message>
        <source>2. Review</source>
        <translation>2. Тексеру</translation>
    </message>
    <message>
        <source>Check what is destroyed for each person. What another law requires to keep (order amounts for accounting) is kept without anything that identifies the person. A person can be excluded with a reasoned refusal, which is recorded.</source>
        <translation>Әр адам бойынша не жойылатынын тексеріңіз. Басқа заң сақтауды талап ететін деректер (бухгалтерлік есеп үшін тапсырыс сомалары) адамды анықтайтын мәліметтерсіз сақталады. Адамды дәлелді бас тартумен шығаруға болады; бас тарту тіркеледі.</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Data to destroy</source>
        <translation>Жойылатын деректер</translation>
    </message>
    <message>
        <source>Kept by law</source>
        <translation>Заң бойынша сақталады</translation>
    </message>
    <message>
        <source>Open requests, warnings</source>
        <translation>Ашық өтініштер, ескертулер</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>Шығару</translation>
    </message>
    <message>
        <source>Reasoned refusal</source>
        <translation>Дәлелді бас тарту</translation>
    </message>
    <message>
        <source>Paper sheets</source>
        <translation>Қағаз парақтары</translation>
    </message>
    <message>
        <source>Paper media: the number of sheets shredded for each person (0 when there is no paper).</source>
        <translation>Қағаз тасығыштар: әр адам бойынша шредермен жойылатын парақтар саны (қағаз болмаса — 0).</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>(деректер жоқ)</translation>
    </message>
    <message>
        <source>%1 order(s) for accounting</source>
        <translation>бухесеп үшін тапсырыстар: %1</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>ештеңе</translation>
    </message>
    <message>
        <source>Already destroyed (act № %1)</source>
        <translation>Жойылып қойған (№ %1 акт)</translation>
    </message>
    <message>
        <source>No longer in the register</source>
        <translation>Тізілімде енді жоқ</translation>
    </message>
    <message>
        <source>The data is blocked</source>
        <translation>Деректер бұғатталған</translation>
    </message>
    <message>
        <source>Open request</source>
        <translation>Ашық өтініш</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>мерзімі %1</translation>
    </message>
</context>
<context>
    <name>SecuritySection</name>
    <message>
        <source>Security</source>
        <translation>Қауіпсіздік</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>Құпиясөзде кемінде %1 таңба болуы керек.</translation>
    </message>
    <message>
        <source>The password may have at most %1 characters.</source>
        <translation>Құпиясөзде ең көбі %1 таңба болуы мүмкін.</translation>
    </message>
    <message>
        <source>The password may not start or end with a space.</source>
        <translation>Құпиясөз бос орыннан басталмауы және бос орынмен аяқталмауы керек.</translation>
    </message>
    <message>
        <source>The current password is not right.</source>
        <translation>Қазіргі құпиясөз қате.</translation>
    </message>
    <message>
        <source>No password is set.</source>
        <translation>Құпиясөз орнатылмаған.</translation>
    </message>
    <message>
        <source>The idle time must be %1 to %2 minutes.</source>
        <translation>Әрекетсіз уақыт %1 минуттан %2 минутқа дейін болуы керек.</translation>
    </message>
    <message>
        <source>The two new passwords differ: type the same password twice.</source>
        <translation>Жаңа құпиясөздер сәйкес келмейді: бір құпиясөзді екі рет енгізіңіз.</translation>
    </message>
    <message>
        <source>The password is changed.</source>
        <translation>Құпиясөз өзгертілді.</translation>
    </message>
    <message>
        <source>The password is set: PDP Desk asks for it when it starts and after it has been idle.</source>
        <translation>Құпиясөз орнатылды: PDP Desk оны іске қосылғанда және әрекетсіз тұрғаннан кейін сұрайды.</translation>
    </message>
    <message>
        <source>The password is removed: PDP Desk opens without it.</source>
        <translation>Құпиясөз алып тасталды: PDP Desk онсыз ашылады.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сақталды.</translation>
    </message>
    <message>
        <source>Password and lock</source>
        <translation>Құпиясөз және құлыптау</translation>
    </message>
    <message>
        <source>A password keeps colleagues at this PC away from the register while you are not at it: PDP Desk asks for it when it starts and locks itself after the idle time below. It belongs to this PC and is not synced. If it is forgotten, whoever looks after PDP Desk can remove it with the command pdp-desk password-reset.</source>
        <translation>Құпиясөз сіз орныңызда жоқта осы компьютердегі әріптестерге тізілімді ашуға жол бермейді: PDP Desk оны іске қосылғанда сұрайды және төменде көрсетілген әрекетсіз уақыттан кейін өзі құлыпталады. Құпиясөз тек осы компьютерге тиесілі және синхрондалмайды. Егер ол ұмытылса, PDP Desk-ке қызмет көрсететін адам оны pdp-desk password-reset командасымен алып тастай алады.</translation>
    </message>
    <message>
        <source>Password to open PDP Desk</source>
        <translation>PDP Desk-ке кіру құпиясөзі</translation>
    </message>
    <message>
        <source>A password is set.</source>
        <translation>Құпиясөз орнатылған.</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>Қазіргі құпиясөз:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Жаңа құпиясөз:</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>Жаңа құпиясөз қайтадан:</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>Құпиясөзді өзгерту</translation>
    </message>
    <message>
        <source>Set the password</source>
        <translation>Құпиясөз орнату</translation>
    </message>
    <message>
        <source>Remove the password</source>
        <translation>Құпиясөзді алып тастау</translation>
    </message>
    <message>
        <source>Lock when idle</source>
        <translation>Әрекетсіз кезде құлыптау</translation>
    </message>
    <message>
        <source>Lock after this many minutes without keyboard or mouse:</source>
        <translation>Пернетақта мен тінтуірсіз осынша минуттан кейін құлыптау:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сақтау</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Қазір құлыптау</translation>
    </message>
    <message>
        <source>The lock works once a password is set.</source>
        <translation>Құлыптау құпиясөз орнатылғанда жұмыс істейді.</translation>
    </message>
</context>
<context>
    <name>ServiceError</name>
    <message>
        <source>The request is already in this state.</source>
        <translation>Өтініш қазір осы мәртебеде.</translation>
    </message>
    <message>
        <source>The request is closed: nothing more can be done with it.</source>
        <translation>Өтініш жабылған: онымен енді ештеңе істеуге болмайды.</translation>
    </message>
    <message>
        <source>The request is already answered or refused: it can only be closed now.</source>
        <translation>Өтінішке жауап берілді немесе бас тартылды: енді оны тек жабуға болады.</translation>
    </message>
    <message>
        <source>Check the requester&apos;s identity before taking the request into work.</source>
        <translation>Өтінішті жұмысқа алмас бұрын өтініш берушінің жеке басын тексеріңіз.</translation>
    </message>
    <message>
        <source>Take the request into work first (after checking the requester&apos;s identity).</source>
        <translation>Алдымен өтінішті жұмысқа алыңыз (өтініш берушінің жеке басын тексергеннен кейін).</translation>
    </message>
    <message>
        <source>Answer the request, or refuse it with reasons, before closing it.</source>
        <translation>Өтінішті жаппас бұрын жауап беріңіз немесе дәлелді бас тартыңыз.</translation>
    </message>
    <message>
        <source>A request cannot go back to an earlier step.</source>
        <translation>Өтініш алдыңғы қадамға қайта алмайды.</translation>
    </message>
    <message>
        <source>A representative must be named and the document that gives authority must be given.</source>
        <translation>Өкілді және оның өкілеттігін растайтын құжатты көрсетіңіз.</translation>
    </message>
    <message>
        <source>The date received is in the future.</source>
        <translation>Алынған күні әлі келген жоқ.</translation>
    </message>
    <message>
        <source>Give at least a name, a phone number, an e-mail or an IIN.</source>
        <translation>Кемінде аты-жөнін, телефонын, эл. поштасын немесе ЖСН-ін көрсетіңіз.</translation>
    </message>
    <message>
        <source>Choose the subject of the request, or enter a new one.</source>
        <translation>Өтініштің субъектісін таңдаңыз немесе жаңасын енгізіңіз.</translation>
    </message>
    <message>
        <source>The file is larger than the limit for attachments.</source>
        <translation>Файл тіркемеге рұқсат етілген көлемнен үлкен.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Файлды оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation>Себебін көрсетіңіз.</translation>
    </message>
    <message>
        <source>The law asks for an action on this request: do it and record it before closing the request.</source>
        <translation>Заң бұл өтініш бойынша әрекетті талап етеді: өтінішті жаппас бұрын оны орындап, белгілеңіз.</translation>
    </message>
    <message>
        <source>The data given is the same as on file: nothing was changed.</source>
        <translation>Енгізілген деректер бұрынғымен бірдей: ештеңе өзгертілмеді.</translation>
    </message>
    <message>
        <source>This person has no consent in force for these purposes.</source>
        <translation>Бұл адамның осы мақсаттарға қолданыстағы келісімі жоқ.</translation>
    </message>
    <message>
        <source>Choose the purposes the consent is withdrawn for.</source>
        <translation>Келісім кері қайтарылатын мақсаттарды таңдаңыз.</translation>
    </message>
    <message>
        <source>The law asks for no action on this type of request: answering it is enough.</source>
        <translation>Заң мұндай өтініш бойынша әрекетті талап етпейді: жауап беру жеткілікті.</translation>
    </message>
    <message>
        <source>This person&apos;s data is blocked: it may not be used until the block is lifted.</source>
        <translation>Бұл адамның деректері бұғатталған: бұғат алынғанша оларды пайдалануға болмайды.</translation>
    </message>
    <message>
        <source>There is no such person in the register (their data may have been destroyed).</source>
        <translation>Тізілімде мұндай адам жоқ (оның деректері жойылған болуы мүмкін).</translation>
    </message>
    <message>
        <source>There is no such request (it may have been destroyed with its subject&apos;s data).</source>
        <translation>Мұндай өтініш жоқ (ол субъектінің деректерімен бірге жойылған болуы мүмкін).</translation>
    </message>
    <message>
        <source>There is no such file (it may have been destroyed).</source>
        <translation>Мұндай файл жоқ (ол жойылған болуы мүмкін).</translation>
    </message>
    <message>
        <source>The request names no operator, and a letter is written on the operator&apos;s behalf.</source>
        <translation>Өтініште оператор көрсетілмеген, ал хат оператордың атынан жазылады.</translation>
    </message>
    <message>
        <source>A refusal letter needs the reasons: refuse the request with reasons first.</source>
        <translation>Бас тарту хатына себептер керек: алдымен өтініш бойынша себебін көрсетіп бас тартыңыз.</translation>
    </message>
    <message>
        <source>The documents cannot have come before the request was received.</source>
        <translation>Құжаттар өтініш алынғанға дейін түсе алмайды.</translation>
    </message>
    <message>
        <source>The confirmation cannot come before the request was received.</source>
        <translation>Растау өтініш алынғанға дейін бола алмайды.</translation>
    </message>
    <message>
        <source>This moment is in the future.</source>
        <translation>Бұл уақыт әлі келген жоқ.</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Кезеңнің соңы басынан ерте.</translation>
    </message>
    <message>
        <source>The file could not be written. Check that the folder exists and the file is not open in another program.</source>
        <translation>Файлды жазу мүмкін болмады. Қалтаның бар екенін және файлдың басқа бағдарламада ашық еместігін тексеріңіз.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Nothing was saved: the change was rolled back.</source>
        <translation>Күтпеген қате орын алды. Ештеңе сақталмады: өзгеріс болдырылмады.</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Сақталмады</translation>
    </message>
    <message>
        <source>This could not be done.</source>
        <translation>Мұны орындау мүмкін болмады.</translation>
    </message>
    <message>
        <source>Try again. If it happens again, tell whoever looks after PDP Desk.</source>
        <translation>Қайталап көріңіз. Қате қайталанса, PDP Desk-ке қызмет көрсететін адамға хабарлаңыз.</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>Database</source>
        <translation>Дерекқор</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Көлемі:</translation>
    </message>
    <message>
        <source>Schema revision:</source>
        <translation>Схема нұсқасы:</translation>
    </message>
    <message>
        <source>Code of this PC:</source>
        <translation>Осы компьютердің коды:</translation>
    </message>
    <message>
        <source>Journal entries:</source>
        <translation>Журналдағы жазбалар:</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
    </message>
    <message>
        <source>%1 (up to date)</source>
        <translation>%1 (өзекті)</translation>
    </message>
    <message>
        <source>%1 (this version of PDP Desk expects %2)</source>
        <translation>%1 (PDP Desk-тің осы нұсқасы %2 нұсқасын күтеді)</translation>
    </message>
    <message>
        <source>%1 (goes into the numbers of requests and acts made on this PC)</source>
        <translation>%1 (осы компьютерде жасалған өтініштер мен актілердің нөмірлеріне кіреді)</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Деректер қалтасы</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Қалтаны ашу</translation>
    </message>
    <message>
        <source>Deadline rules, operators and staff will be set here too.</source>
        <translation>Мерзім ережелері, операторлар мен қызметкерлер де осында бапталады.</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>PDP Desk is already open with this database: here it is.</source>
        <translation>PDP Desk осы дерекқормен әлдеқашан ашық — міне, ол.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Synced: %1 · waiting: %2</source>
        <translation>Синхрондау: %1 · жіберуді күтуде: %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>жасалмаған</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) of this PC not sent to the others yet</source>
        <translation>
            <numerusform>Осы компьютердің %n өзгерісі басқаларға әлі жіберілмеді</numerusform>
            <numerusform>Осы компьютердің %n өзгерісі басқаларға әлі жіберілмеді</numerusform>
        </translation>
    </message>
    <message>
        <source>Subjects: %1</source>
        <translation>Субъектілер: %1</translation>
    </message>
    <message>
        <source>Open requests: %1</source>
        <translation>Ашық өтініштер: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>Мерзімі бүгін: %1</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>Мерзімі өткен: %1</translation>
    </message>
    <message>
        <source>Within 2 working days: %1</source>
        <translation>2 жұмыс күні ішінде: %1</translation>
    </message>
    <message>
        <source>The figures could not be read from the database.</source>
        <translation>Көрсеткіштерді дерекқордан оқу мүмкін болмады.</translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s) in the register, not counting destroyed ones</source>
        <translation>
            <numerusform>Тізілімде %n субъект, жойылғандарды есептемегенде</numerusform>
            <numerusform>Тізілімде %n субъект, жойылғандарды есептемегенде</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them blocked</source>
        <translation>
            <numerusform>оның ішінде %n бұғатталған</numerusform>
            <numerusform>оның ішінде %n бұғатталған</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) not yet closed</source>
        <translation>
            <numerusform>%n өтініш әлі жабылмаған</numerusform>
            <numerusform>%n өтініш әлі жабылмаған</numerusform>
        </translation>
    </message>
    <message>
        <source>Deadlines in working days, as of %1</source>
        <translation>Мерзімдер жұмыс күндерімен, %1 жағдай бойынша</translation>
    </message>
</context>
<context>
    <name>SubjectCard</name>
    <message>
        <source>The card could not be read</source>
        <translation>Карточканы оқу мүмкін болмады</translation>
    </message>
    <message>
        <source>Subject&apos;s card</source>
        <translation>Субъект карточкасы</translation>
    </message>
    <message>
        <source>Correct data…</source>
        <translation>Деректерді түзету…</translation>
    </message>
    <message>
        <source>Merge with a duplicate…</source>
        <translation>Телнұсқамен біріктіру…</translation>
    </message>
    <message>
        <source>Export data…</source>
        <translation>Деректерді экспорттау…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Жабу</translation>
    </message>
    <message>
        <source>Data held</source>
        <translation>Сақталған деректер</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Тапсырыстар</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Келісімдер</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Өтініштер</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Тарих</translation>
    </message>
    <message>
        <source>Category of data</source>
        <translation>Деректер санаты</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Мәні</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Көзі</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Алынған күні</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Тапсырыс</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Күні</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сомасы</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебесі</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Мекенжай</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Тауарлар</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Мақсат</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Күйі</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Берілген</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Тәсілі</translation>
    </message>
    <message>
        <source>Policy version</source>
        <translation>Саясат редакциясы</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Қолданылу мерзімі</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Дәлел</translation>
    </message>
    <message>
        <source>History of the consents:</source>
        <translation>Келісімдер тарихы:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Қашан</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Оқиға</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Нөмірі</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Түскен күні</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Мерзімі</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Әрекет</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кім</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Толығырақ</translation>
    </message>
    <message>
        <source>There is no such subject (it may have been destroyed).</source>
        <translation>Мұндай субъект жоқ (деректері жойылған болуы мүмкін).</translation>
    </message>
    <message>
        <source>Subject %1 (data destroyed)</source>
        <translation>%1 субъектісі (деректері жойылған)</translation>
    </message>
    <message>
        <source>register № %1</source>
        <translation>тізілімдегі № %1</translation>
    </message>
    <message>
        <source>status: %1</source>
        <translation>мәртебесі: %1</translation>
    </message>
    <message>
        <source>operator: %1</source>
        <translation>оператор: %1</translation>
    </message>
    <message>
        <source>in the register since %1</source>
        <translation>тізілімде %1 бастап</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) merged into this card</source>
        <translation>
            <numerusform>карточкаға %n телнұсқа біріктірілген</numerusform>
            <numerusform>карточкаға %n телнұсқа біріктірілген</numerusform>
        </translation>
    </message>
    <message>
        <source>Blocked since %1: the data may not be processed until it is unblocked.</source>
        <translation>%1 бастап бұғатталған: бұғат алынғанша деректерді өңдеуге болмайды.</translation>
    </message>
    <message>
        <source>The data of this subject was destroyed: only the id is kept.</source>
        <translation>Бұл субъектінің деректері жойылған: тек идентификаторы сақталады.</translation>
    </message>
    <message>
        <source>until withdrawn</source>
        <translation>кері қайтарылғанға дейін</translation>
    </message>
    <message>
        <source>Kept while a consent without a term is in force: no destruction date yet.</source>
        <translation>Мерзімсіз келісім күшінде тұрғанда сақталады: жою күні әзірге жоқ.</translation>
    </message>
    <message>
        <source>Due for destruction since %1: no purpose justifies the data any more.</source>
        <translation>%1 бастап жойылуы тиіс: деректерді сақтауды енді ешбір мақсат негіздемейді.</translation>
    </message>
    <message>
        <source>Kept until %1, unless a purpose justifies the data longer.</source>
        <translation>Егер ешбір мақсат ұзағырақ сақтауды негіздемесе, %1 дейін сақталады.</translation>
    </message>
    <message>
        <source>entered by hand</source>
        <translation>қолмен енгізілген</translation>
    </message>
    <message>
        <source>the website</source>
        <translation>сайт</translation>
    </message>
    <message>
        <source>import</source>
        <translation>импорт</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>түзету</translation>
    </message>
    <message>
        <source>demo data</source>
        <translation>демо-деректер</translation>
    </message>
    <message>
        <source>consent given</source>
        <translation>келісім берілді</translation>
    </message>
    <message>
        <source>consent renewed</source>
        <translation>келісім жаңартылды</translation>
    </message>
    <message>
        <source>consent withdrawn</source>
        <translation>келісім кері қайтарылды</translation>
    </message>
    <message>
        <source>consent expired</source>
        <translation>келісімнің мерзімі өтті</translation>
    </message>
    <message>
        <source>added to the register</source>
        <translation>тізілімге қосылды</translation>
    </message>
    <message>
        <source>data corrected</source>
        <translation>деректер түзетілді</translation>
    </message>
    <message>
        <source>duplicate merged</source>
        <translation>телнұсқа біріктірілді</translation>
    </message>
    <message>
        <source>consent recorded</source>
        <translation>келісім тіркелді</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>бұғатталды</translation>
    </message>
    <message>
        <source>unblocked</source>
        <translation>бұғаттан шығарылды</translation>
    </message>
    <message>
        <source>data exported</source>
        <translation>деректер экспортталды</translation>
    </message>
    <message>
        <source>PDP Desk</source>
        <translation>PDP Desk</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>аты-жөні</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ЖСН</translation>
    </message>
    <message>
        <source>phones</source>
        <translation>телефондар</translation>
    </message>
    <message>
        <source>e-mails</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>addresses</source>
        <translation>мекенжайлар</translation>
    </message>
    <message>
        <source>category</source>
        <translation>санат</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>note</source>
        <translation>ескертпе</translation>
    </message>
    <message>
        <source>Export the subject&apos;s data</source>
        <translation>Субъект деректерін экспорттау</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;JSON (*.json);;CSV table (*.csv)</source>
        <translation>PDF құжаты (*.pdf);;JSON (*.json);;CSV кестесі (*.csv)</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>Деректерді экспорттау</translation>
    </message>
    <message>
        <source>The file could not be written: %1. Nothing was exported.</source>
        <translation>Файлды жазу мүмкін болмады: %1. Ештеңе экспортталмады.</translation>
    </message>
    <message>
        <source>The data was not exported</source>
        <translation>Деректер экспортталмады</translation>
    </message>
    <message>
        <source>The data was saved to %1.</source>
        <translation>Деректер %1 файлына сақталды.</translation>
    </message>
</context>
<context>
    <name>SubjectForm</name>
    <message>
        <source>New subject</source>
        <translation>Жаңа субъект</translation>
    </message>
    <message>
        <source>Correct the subject&apos;s data</source>
        <translation>Субъект деректерін түзету</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Санат:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>Аты-жөні:</translation>
    </message>
    <message>
        <source>IIN:</source>
        <translation>ЖСН:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Телефондар:</translation>
    </message>
    <message>
        <source>E-mails:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <source>Addresses:</source>
        <translation>Мекенжайлар:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Ескертпе:</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
    <message>
        <source>Add a phone</source>
        <translation>Телефон қосу</translation>
    </message>
    <message>
        <source>+7 701 123 45 67, 8 701 …</source>
        <translation>+7 701 123 45 67, 8 701 …</translation>
    </message>
    <message>
        <source>Add an e-mail</source>
        <translation>E-mail қосу</translation>
    </message>
    <message>
        <source>Add an address</source>
        <translation>Мекенжай қосу</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Қала</translation>
    </message>
    <message>
        <source>Street, house, flat</source>
        <translation>Көше, үй, пәтер</translation>
    </message>
    <message>
        <source>This is another person who shares the phone or e-mail (a family): save anyway</source>
        <translation>Бұл телефоны немесе e-mail-і ортақ басқа адам (отбасы): бәрібір сақтау</translation>
    </message>
    <message>
        <source>The subject was not saved</source>
        <translation>Субъект сақталмады</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Sync is not set up: choose a shared folder or enter a hub address in Settings → Sync.</source>
        <translation>Синхрондау бапталмаған: «Баптаулар → Синхрондау» бөлімінде ортақ қалтаны таңдаңыз немесе хаб мекенжайын енгізіңіз.</translation>
    </message>
    <message>
        <source>No sync passphrase is set. Enter the passphrase the shop&apos;s other PCs use in Settings → Sync.</source>
        <translation>Синхрондау құпия фразасы орнатылмаған. «Баптаулар → Синхрондау» бөлімінде дүкеннің басқа компьютерлеріндегі фразаны енгізіңіз.</translation>
    </message>
    <message>
        <source>The passphrase is not the one the other PCs use. Enter theirs in Settings → Sync.</source>
        <translation>Құпия фраза басқа компьютерлердегімен сәйкес келмейді. «Баптаулар → Синхрондау» бөлімінде солардың фразасын енгізіңіз.</translation>
    </message>
    <message>
        <source>No shared folder is chosen.</source>
        <translation>Ортақ қалта таңдалмаған.</translation>
    </message>
    <message>
        <source>The shared folder is not available (a network folder not connected, a USB stick not inserted?). Work goes on; sync again when it is there.</source>
        <translation>Ортақ қалта қолжетімсіз (желілік қалта қосылмаған ба, әлде флешка салынбаған ба?). Жұмыс жалғасады; қалта пайда болғанда қайта синхрондаңыз.</translation>
    </message>
    <message>
        <source>The shared folder cannot be used now (no permission to write, or it stopped answering). Nothing was lost; sync again later.</source>
        <translation>Ортақ қалтаны қазір пайдалану мүмкін емес (жазуға рұқсат жоқ немесе ол жауап бермей қалды). Ештеңе жоғалған жоқ; кейінірек синхрондаңыз.</translation>
    </message>
    <message>
        <source>No hub address is set.</source>
        <translation>Хаб мекенжайы көрсетілмеген.</translation>
    </message>
    <message>
        <source>The hub address is not valid. It looks like postgresql://user:password@server:5432/database.</source>
        <translation>Хаб мекенжайы дұрыс емес. Ол былай жазылады: postgresql://user:password@server:5432/database.</translation>
    </message>
    <message>
        <source>The hub does not answer (the server is off, or there is no network). Work goes on; sync again later.</source>
        <translation>Хаб жауап бермейді (сервер өшірулі немесе желі жоқ). Жұмыс жалғасады; кейінірек синхрондаңыз.</translation>
    </message>
    <message>
        <source>The hub refused the user name or password in its address.</source>
        <translation>Хаб мекенжайдағы пайдаланушы атын немесе құпиясөзді қабылдамады.</translation>
    </message>
    <message>
        <source>The hub&apos;s server has no database with the name in the address.</source>
        <translation>Хаб серверінде мекенжайда көрсетілген атаумен дерекқор жоқ.</translation>
    </message>
    <message>
        <source>The hub&apos;s user may not create the tables PDP Desk needs. Ask the server&apos;s administrator for the right to create a schema.</source>
        <translation>Хаб пайдаланушысына PDP Desk-ке қажет кестелерді жасауға рұқсат жоқ. Сервер әкімшісінен схема жасау құқығын сұраңыз.</translation>
    </message>
    <message>
        <source>The hub was set up by a newer version of PDP Desk. Update PDP Desk on this PC.</source>
        <translation>Хабты PDP Desk-тің жаңарақ нұсқасы баптаған. Осы компьютердегі PDP Desk-ті жаңартыңыз.</translation>
    </message>
    <message>
        <source>The hub&apos;s server refused the connection.</source>
        <translation>Хаб сервері қосылуды қабылдамады.</translation>
    </message>
    <message>
        <source>The connection to the hub was lost. What arrived is kept; the next sync continues from there.</source>
        <translation>Хабпен байланыс үзілді. Алынғаны сақталды; келесі синхрондау осы жерден жалғасады.</translation>
    </message>
    <message>
        <source>The hub could not do what was asked. Nothing was lost; sync again later.</source>
        <translation>Хаб сұрауды орындай алмады. Ештеңе жоғалған жоқ; кейінірек синхрондаңыз.</translation>
    </message>
    <message>
        <source>Data on the hub fails its integrity check (changed on the server by something other than PDP Desk).</source>
        <translation>Хабтағы деректер тұтастық тексерісінен өтпеді (оларды серверде PDP Desk емес басқа бір нәрсе өзгерткен).</translation>
    </message>
    <message>
        <source>A change on this PC could not be sent (a clock out of range).</source>
        <translation>Осы компьютердегі өзгерісті жіберу мүмкін болмады (сағат мәні рұқсат етілген шектен тыс).</translation>
    </message>
    <message>
        <source>The passphrase needs at least 8 characters.</source>
        <translation>Құпия фраза кемінде 8 таңбадан тұруы керек.</translation>
    </message>
    <message>
        <source>Sync every 0 to 1,440 minutes.</source>
        <translation>Синхрондау аралығы — 0-ден 1440 минутқа дейін.</translation>
    </message>
    <message>
        <source>Give this PC a name (the other PCs show it).</source>
        <translation>Осы компьютерге атау беріңіз (оны басқа компьютерлер көрсетеді).</translation>
    </message>
    <message>
        <source>The passphrase is longer than 1,024 characters.</source>
        <translation>Синхрондау құпиясөзі 1024 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>The shared folder is not a folder&apos;s path. Choose it with the button beside the box.</source>
        <translation>Бұл қалтаның жолы емес. Ортақ қалтаны өріс жанындағы батырмамен таңдаңыз.</translation>
    </message>
    <message>
        <source>The shared folder box holds an address. Put the hub address in the hub box, and a folder here.</source>
        <translation>Ортақ қалта өрісіне мекенжай енгізілген. Хаб мекенжайын хаб өрісіне енгізіп, мұнда қалтаны көрсетіңіз.</translation>
    </message>
    <message>
        <source>Give the shared folder&apos;s full path (like \\server\share\pdp or D:\pdp), or choose it with the button beside the box.</source>
        <translation>Ортақ қалтаның толық жолын көрсетіңіз (мысалы, \\server\share\pdp немесе D:\pdp) немесе оны өріс жанындағы батырмамен таңдаңыз.</translation>
    </message>
    <message>
        <source>The sync failed.</source>
        <translation>Синхрондау сәтсіз аяқталды.</translation>
    </message>
    <message>
        <source>Shared folder</source>
        <translation>Ортақ қалта</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>Хаб</translation>
    </message>
    <message>
        <source>stopped. What arrived is kept.</source>
        <translation>тоқтатылды. Алынғаны сақталды.</translation>
    </message>
    <message>
        <source>Changes received: %1, sent: %2.</source>
        <translation>Алынған өзгерістер: %1, жіберілгені: %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) destroyed on another PC were destroyed here too.</source>
        <translation>
            <numerusform>Басқа компьютерде жойылған %n субъектінің деректері мұнда да жойылды.</numerusform>
            <numerusform>Басқа компьютерде жойылған %n субъектінің деректері мұнда да жойылды.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (damaged or still being copied); they are tried again next time.</source>
        <translation>
            <numerusform>%n файл өткізіліп жіберілді (зақымдалған немесе әлі көшірілуде); келесі жолы қайта оқылады.</numerusform>
            <numerusform>%n файл өткізіліп жіберілді (зақымдалған немесе әлі көшірілуде); келесі жолы қайта оқылады.</numerusform>
        </translation>
    </message>
    <message>
        <source>This database was a copy of another PC&apos;s: it took a new identity.</source>
        <translation>Бұл дерекқор басқа компьютер дерекқорының көшірмесі болып шықты: оған жаңа идентификатор берілді.</translation>
    </message>
    <message>
        <source>This PC&apos;s code is now %1 (another PC had the same).</source>
        <translation>Осы компьютердің коды енді %1 (басқа компьютерде дәл осындай код болды).</translation>
    </message>
    <message>
        <source>Not synced: %1</source>
        <translation>Синхрондалмады: %1</translation>
    </message>
</context>
<context>
    <name>SyncSection</name>
    <message>
        <source>Shared folder for sync</source>
        <translation>Синхрондауға арналған ортақ қалта</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Сақталмады: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сақталды.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Тоқтату</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Қазір синхрондау</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхрондау</translation>
    </message>
    <message>
        <source>Sync between the shop&apos;s PCs</source>
        <translation>Дүкен компьютерлері арасындағы синхрондау</translation>
    </message>
    <message>
        <source>Each PC keeps its own database and works offline. Changes travel through a shared folder (a network folder, a USB stick, a folder a file-sync program keeps in step) or through a PostgreSQL server acting as a hub; PDP Desk syncs through each one that is set. A person destroyed on one PC is destroyed on all of them.</source>
        <translation>Әр компьютер өз дерекқорын сақтайды және желісіз жұмыс істейді. Өзгерістер ортақ қалта (желілік қалта, флешка немесе файл синхрондау бағдарламасы үйлестіріп отыратын қалта) немесе хаб рөліндегі PostgreSQL сервері арқылы беріледі; PDP Desk көрсетілген әр тәсіл арқылы синхрондалады. Бір компьютерде жойылған адамның деректері барлық компьютерде жойылады.</translation>
    </message>
    <message>
        <source>This PC&apos;s name:</source>
        <translation>Осы компьютердің атауы:</translation>
    </message>
    <message>
        <source>Shared folder:</source>
        <translation>Ортақ қалта:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Таңдау…</translation>
    </message>
    <message>
        <source>Hub address:</source>
        <translation>Хаб мекенжайы:</translation>
    </message>
    <message>
        <source>A PostgreSQL database on the shop&apos;s own server, for example %1</source>
        <translation>Дүкеннің өз серверіндегі PostgreSQL дерекқоры, мысалы, %1</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Құпия фраза:</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Көрсету</translation>
    </message>
    <message>
        <source>The same on every PC: the files in the folder are encrypted with it, and the hub checks it. It is kept only in this PC&apos;s database (never sent to the others); backups use it too.</source>
        <translation>Барлық компьютерде бірдей: қалтадағы файлдар осымен шифрланады, ал хаб оны тексереді. Тек осы компьютердің дерекқорында сақталады (басқаларға жіберілмейді); сақтық көшірмелер де осымен шифрланады.</translation>
    </message>
    <message>
        <source>Automatically:</source>
        <translation>Автоматты түрде:</translation>
    </message>
    <message>
        <source>at start</source>
        <translation>іске қосқанда</translation>
    </message>
    <message>
        <source>at exit</source>
        <translation>шыққанда</translation>
    </message>
    <message>
        <source>every (minutes):</source>
        <translation>аралығы (минут):</translation>
    </message>
    <message>
        <source>never</source>
        <translation>ешқашан</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сақтау</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>Соңғы синхрондау:</translation>
    </message>
    <message>
        <source>Other PCs seen</source>
        <translation>Басқа компьютерлер</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Атауы</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Коды</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Соңғы рет</translation>
    </message>
    <message>
        <source>These PCs sync only through the folder or only through the hub: %1. Changes are not passed on from one place to the other, so they do not see the changes of the PCs that use the other place. Set both the folder and the hub on every PC, or let all of them use the same one.</source>
        <translation>Бұл компьютерлер тек қалта арқылы немесе тек хаб арқылы синхрондалады: %1. Өзгерістер бір орыннан екіншісіне берілмейді, сондықтан олар басқа орынды пайдаланатын компьютерлердің өзгерістерін көрмейді. Әр компьютерде қалтаны да, хабты да көрсетіңіз немесе барлығы бір орынды пайдалансын.</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>коды %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>орындалды</translation>
    </message>
    <message>
        <source>done, some files skipped</source>
        <translation>орындалды, кейбір файлдар өткізіліп жіберілді</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) of this PC not sent yet</source>
        <translation>
            <numerusform>Осы компьютердің %n өзгерісі әлі жіберілмеді</numerusform>
            <numerusform>Осы компьютердің %n өзгерісі әлі жіберілмеді</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>Saved. New letters of this kind use this text.</source>
        <translation>Сақталды. Осы түрдегі жаңа хаттар осы мәтінмен жасалады.</translation>
    </message>
    <message>
        <source>The default text is back.</source>
        <translation>Бастапқы мәтін қалпына келтірілді.</translation>
    </message>
    <message>
        <source>Letter templates</source>
        <translation>Хат үлгілері</translation>
    </message>
    <message>
        <source>your own text</source>
        <translation>сіздің мәтініңіз</translation>
    </message>
    <message>
        <source>default text</source>
        <translation>бастапқы мәтін</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Тақырыбы:</translation>
    </message>
    <message>
        <source>Text (a blank line starts a new paragraph):</source>
        <translation>Мәтін (бос жол жаңа абзацты бастайды):</translation>
    </message>
    <message>
        <source>Fields (double-click to insert):</source>
        <translation>Өрістер (қою үшін екі рет басыңыз):</translation>
    </message>
    <message>
        <source>A field is replaced by its value in each letter, e.g. {subject_name}. To print a brace itself, type it twice.</source>
        <translation>Әр хатта өріс өз мәнімен ауыстырылады, мысалы {subject_name}. Жақшаның өзін басып шығару үшін оны екі рет теріңіз.</translation>
    </message>
    <message>
        <source>Back to the default text</source>
        <translation>Бастапқы мәтінді қайтару</translation>
    </message>
</context>
<context>
    <name>WhoPage</name>
    <message>
        <source>3. Who and how</source>
        <translation>3. Кім және қалай</translation>
    </message>
    <message>
        <source>The operator whose data is destroyed, the people who destroy it and sign the act, and how it is destroyed.</source>
        <translation>Деректері жойылатын оператор, деректерді жойып, актіге қол қоятын адамдар және жою тәсілі.</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Destroyed by (they sign the act):</source>
        <translation>Жоятындар (актіге қол қояды):</translation>
    </message>
    <message>
        <source>Information system:</source>
        <translation>Ақпараттық жүйе:</translation>
    </message>
    <message>
        <source>Paper media:</source>
        <translation>Қағаз тасығыштар:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Тәсілі:</translation>
    </message>
    <message>
        <source>Language of the act:</source>
        <translation>Акт тілі:</translation>
    </message>
    <message>
        <source>Date of the act:</source>
        <translation>Акт күні:</translation>
    </message>
    <message>
        <source>— choose the operator —</source>
        <translation>— операторды таңдаңыз —</translation>
    </message>
    <message>
        <source>%1 sheet(s) in total (counted per person in the review)</source>
        <translation>барлық парақтар: %1 (тексеру қадамында әр адам бойынша көрсетілген)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Орыс тілі</translation>
    </message>
    <message>
        <source>Kazakh</source>
        <translation>Қазақ тілі</translation>
    </message>
    <message>
        <source>Russian and Kazakh side by side</source>
        <translation>Орыс және қазақ тілдері қатар</translation>
    </message>
    <message>
        <source>the day of destruction: an act cannot be backdated</source>
        <translation>жою күні: актіні өткен күнмен белгілеуге болмайды</translation>
    </message>
    <message>
        <source>The act names the people by their full names.</source>
        <translation>Актіде адамдар толық аты-жөнімен көрсетіледі.</translation>
    </message>
    <message>
        <source>The act names the people by their register numbers (see Settings).</source>
        <translation>Актіде адамдар тізілімдегі нөмірлерімен көрсетіледі (Баптауларды қараңыз).</translation>
    </message>
</context>
<context>
    <name>WhyPage</name>
    <message>
        <source>inbox</source>
        <translation>өтініштер</translation>
    </message>
    <message>
        <source>retention term</source>
        <translation>сақтау мерзімі</translation>
    </message>
    <message>
        <source>found by search</source>
        <translation>іздеумен табылды</translation>
    </message>
    <message>
        <source>Found: %1; added to the list, checked: %2.</source>
        <translation>Табылды: %1; тізімге белгіленіп қосылды: %2.</translation>
    </message>
    <message>
        <source>Nobody found.</source>
        <translation>Ешкім табылмады.</translation>
    </message>
    <message>
        <source>The reason and its legal basis:</source>
        <translation>Себебі және оның құқықтық негізі:</translation>
    </message>
    <message>
        <source>Details (optional):</source>
        <translation>Толығырақ (міндетті емес):</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Таңдалды: %1</translation>
    </message>
    <message>
        <source>1. Why, and whose data</source>
        <translation>1. Себебі және кімнің деректері</translation>
    </message>
    <message>
        <source>Choose the reason for destruction and the people whose data is destroyed: those waiting (from the inbox and the retention terms), or find others.</source>
        <translation>Жою себебін және деректері жойылатын адамдарды таңдаңыз: күтетіндерден (өтініштер мен сақтау мерзімдері бойынша) немесе басқаларын табыңыз.</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Себебі:</translation>
    </message>
    <message>
        <source>— choose the reason —</source>
        <translation>— себебін таңдаңыз —</translation>
    </message>
    <message>
        <source>Waiting for destruction (check those to destroy by this act):</source>
        <translation>Жоюды күтетіндер (деректері осы актімен жойылатындарды белгілеңіз):</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Suggested reason</source>
        <translation>Ұсынылатын себеп</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Қашаннан</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Дереккөзі</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>Барлығын белгілеу</translation>
    </message>
    <message>
        <source>Uncheck all</source>
        <translation>Барлығынан белгіні алу</translation>
    </message>
    <message>
        <source>Find another person: name, phone, e-mail or IIN</source>
        <translation>Басқа адамды табу: аты-жөні, телефон, e-mail немесе ЖСН</translation>
    </message>
    <message>
        <source>Find and add</source>
        <translation>Тауып, қосу</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Withdrawal of consent</source>
        <translation>Келісімді кері қайтару</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>Адам:</translation>
    </message>
    <message>
        <source>Withdrawn for:</source>
        <translation>Кері қайтарылатын мақсаттар:</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>Түскен уақыты:</translation>
    </message>
    <message>
        <source>How it came:</source>
        <translation>Қалай түсті:</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Дәлел:</translation>
    </message>
    <message>
        <source>Text of the request:</source>
        <translation>Өтініш мәтіні:</translation>
    </message>
    <message>
        <source>the letter, the e-mail, the form on the website …</source>
        <translation>хат, e-mail, сайттағы нысан …</translation>
    </message>
    <message>
        <source>A request is opened: within 15 working days processing must stop, or the person must be told the reasons why it continues (Art. 8 p.7).</source>
        <translation>Өтініш ашылады: 15 жұмыс күні ішінде өңдеуді тоқтату немесе адамға оны жалғастыру себептерін хабарлау керек (8-бап 7-тармақ).</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Кері қайтару</translation>
    </message>
    <message>
        <source>The withdrawal was not recorded</source>
        <translation>Кері қайтару тіркелмеді</translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <source>Record consent withdrawal</source>
        <translation>Келісімді кері қайтарып алу</translation>
    </message>
    <message>
        <source>Purposes:</source>
        <translation>Мақсаттар:</translation>
    </message>
    <message>
        <source>Choose at least one purpose.</source>
        <translation>Кемінде бір мақсатты таңдаңыз.</translation>
    </message>
</context>
</TS>
