; *** Inno Setup 6 Kazakh messages (PDP Desk's own translation) ***
;
; Inno Setup ships no Kazakh translation. This file translates the messages a person sees when
; installing, updating and uninstalling PDP Desk. pdp_desk.iss loads it over Default.isl
; ("compiler:Default.isl,Kazakh.isl"), so a message not translated here appears in English
; instead of failing the build. UTF-8 with a BOM (Inno Setup needs the BOM for non-Latin text).
; Words as in Kazakh Windows: «Бастау» мәзірі (Start menu), таңбаша (shortcut), қалта (folder).

[LangOptions]
LanguageName=Қазақша
LanguageID=$043F
; 0: no ANSI code page check (Kazakh letters are not in any Windows ANSI code page).
LanguageCodePage=0

[Messages]

; *** Application titles
SetupAppTitle=Орнату
SetupWindowTitle=Орнату — %1
UninstallAppTitle=Бағдарламаны жою
UninstallAppFullTitle=%1 бағдарламасын жою

; *** Misc. common
InformationTitle=Ақпарат
ConfirmTitle=Растау
ErrorTitle=Қате

; *** SetupLdr messages
SetupLdrStartupMessage=%1 орнатылады. Жалғастырасыз ба?
LdrCannotCreateTemp=Уақытша файлды жасау мүмкін болмады. Орнату тоқтатылды
LdrCannotExecTemp=Уақытша қалтадағы файлды іске қосу мүмкін болмады. Орнату тоқтатылды

; *** Startup error messages
LastErrorMessage=%1.%n%nҚате %2: %3
SetupFileMissing=Орнату қалтасында %1 файлы жоқ. Мәселені түзетіңіз немесе бағдарламаның жаңа көшірмесін алыңыз.
SetupFileCorrupt=Орнату файлдары бүлінген. Бағдарламаның жаңа көшірмесін алыңыз.
SetupFileCorruptOrWrongVer=Орнату файлдары бүлінген немесе орнатудың бұл нұсқасына сәйкес келмейді. Мәселені түзетіңіз немесе бағдарламаның жаңа көшірмесін алыңыз.
InvalidParameter=Пәрмен жолында жарамсыз параметр берілді:%n%n%1
SetupAlreadyRunning=Орнату бағдарламасы қазірдің өзінде іске қосулы.
WindowsVersionNotSupported=Бұл бағдарлама компьютеріңіздегі Windows нұсқасында жұмыс істемейді.
NotOnThisPlatform=Бұл бағдарлама %1 жүйесінде жұмыс істемейді.
OnlyOnThisPlatform=Бұл бағдарламаны %1 жүйесінде іске қосу керек.
OnlyOnTheseArchitectures=Бұл бағдарламаны тек келесі процессор архитектураларына арналған Windows нұсқаларына орнатуға болады:%n%n%1
WinVersionTooLowError=Бұл бағдарламаға %1 %2 немесе одан жаңа нұсқасы қажет.
WinVersionTooHighError=Бұл бағдарламаны %1 %2 немесе одан жаңа нұсқасына орнату мүмкін емес.
SetupAppRunningError=%1 қазір іске қосулы.%n%nОның барлық терезелерін жабыңыз да, жалғастыру үшін OK, шығу үшін «Бас тарту» батырмасын басыңыз.
UninstallAppRunningError=%1 қазір іске қосулы.%n%nОның барлық терезелерін жабыңыз да, жалғастыру үшін OK, шығу үшін «Бас тарту» батырмасын басыңыз.

; *** Misc. errors
ErrorCreatingDir=«%1» қалтасын жасау мүмкін болмады
ErrorTooManyFilesInDir=«%1» қалтасында файл тым көп болғандықтан, онда файл жасау мүмкін болмады

; *** Setup common messages
ExitSetupTitle=Орнатудан шығу
ExitSetupMessage=Орнату аяқталған жоқ. Қазір шықсаңыз, бағдарлама орнатылмайды.%n%nОрнатуды кейін қайта іске қосып, аяқтауға болады.%n%nОрнатудан шығасыз ба?
AboutSetupMenuItem=&Орнату туралы...
AboutSetupTitle=Орнату туралы
AboutSetupMessage=%1, %2 нұсқасы%n%3%n%n%1 сайты:%n%4

; *** Buttons
ButtonBack=< &Артқа
ButtonNext=&Келесі >
ButtonInstall=&Орнату
ButtonOK=OK
ButtonCancel=Бас тарту
ButtonYes=&Иә
ButtonYesToAll=&Барлығына иә
ButtonNo=&Жоқ
ButtonNoToAll=Барлығына ж&оқ
ButtonFinish=&Дайын
ButtonBrowse=&Шолу...
ButtonWizardBrowse=Ш&олу...
ButtonNewFolder=&Жаңа қалта жасау

; *** "Select Language" dialog messages
SelectLanguageTitle=Орнату тілін таңдау
SelectLanguageLabel=Орнату кезінде қолданылатын тілді таңдаңыз:

; *** Common wizard text
ClickNext=Жалғастыру үшін «Келесі», орнатудан шығу үшін «Бас тарту» батырмасын басыңыз.
BrowseDialogTitle=Қалтаны таңдау
BrowseDialogLabel=Төмендегі тізімнен қалтаны таңдап, OK батырмасын басыңыз.
NewFolderName=Жаңа қалта

; *** "Welcome" wizard page
WelcomeLabel1=[name] орнату шеберіне қош келдіңіз
WelcomeLabel2=Компьютеріңізге [name/ver] орнатылады.%n%nЖалғастырмас бұрын басқа бағдарламалардың бәрін жапқан жөн.

; *** "Select Destination Location" wizard page
WizardSelectDir=Орнату қалтасын таңдау
SelectDirDesc=[name] қайда орнатылсын?
SelectDirLabel3=[name] келесі қалтаға орнатылады.
SelectDirBrowseLabel=Жалғастыру үшін «Келесі» батырмасын басыңыз. Басқа қалтаны таңдау үшін «Шолу» батырмасын басыңыз.
DiskSpaceMBLabel=Кемінде [mb] МБ бос орын қажет.
CannotInstallToNetworkDrive=Желілік дискіге орнату мүмкін емес.
CannotInstallToUNCPath=UNC жолына орнату мүмкін емес.
InvalidPath=Диск әрпі бар толық жолды енгізіңіз, мысалы:%n%nC:\APP%n%nнемесе желілік жолды мына түрде:%n%n\\server\share
InvalidDrive=Таңдалған диск немесе желілік қалта жоқ немесе қолжетімсіз. Басқасын таңдаңыз.
DiskSpaceWarningTitle=Дискіде орын жеткіліксіз
DiskSpaceWarning=Орнатуға кемінде %1 КБ бос орын қажет, ал таңдалған дискіде тек %2 КБ бар.%n%nСонда да жалғастырасыз ба?
DirNameTooLong=Қалта атауы немесе жолы тым ұзын.
InvalidDirName=Қалта атауы жарамсыз.
BadDirName32=Қалта атауында мына таңбалар болмауы керек:%n%n%1
DirExistsTitle=Қалта бар
DirExists=Мына қалта:%n%n%1%n%nбұрыннан бар. Сонда да осы қалтаға орнатасыз ба?
DirDoesntExistTitle=Қалта жоқ
DirDoesntExist=Мына қалта:%n%n%1%n%nжоқ. Оны жасау керек пе?

; *** "Select Additional Tasks" wizard page
WizardSelectTasks=Қосымша тапсырмаларды таңдау
SelectTasksDesc=Қандай қосымша тапсырмалар орындалсын?
SelectTasksLabel2=[name] орнату кезінде орындалатын қосымша тапсырмаларды таңдап, «Келесі» батырмасын басыңыз.

; *** "Select Start Menu Folder" wizard page
WizardSelectProgramGroup=«Бастау» мәзіріндегі қалтаны таңдау
SelectStartMenuFolderDesc=Бағдарлама таңбашалары қайда орналассын?
SelectStartMenuFolderLabel3=Бағдарлама таңбашалары «Бастау» мәзірінің келесі қалтасында жасалады.
SelectStartMenuFolderBrowseLabel=Жалғастыру үшін «Келесі» батырмасын басыңыз. Басқа қалтаны таңдау үшін «Шолу» батырмасын басыңыз.
MustEnterGroupName=Қалта атауын енгізіңіз.
GroupNameTooLong=Қалта атауы немесе жолы тым ұзын.
InvalidGroupName=Қалта атауы жарамсыз.
BadGroupName=Қалта атауында мына таңбалар болмауы керек:%n%n%1
NoProgramGroupCheck2=«Бастау» мәзірінде қалта &жасамау

; *** "Ready to Install" wizard page
WizardReady=Орнатуға дайын
ReadyLabel1=[name] бағдарламасын компьютеріңізге орнатуға бәрі дайын.
ReadyLabel2a=Орнатуды бастау үшін «Орнату», баптауларды қарап шығу немесе өзгерту үшін «Артқа» батырмасын басыңыз.
ReadyLabel2b=Орнатуды бастау үшін «Орнату» батырмасын басыңыз.
ReadyMemoDir=Орнату қалтасы:
ReadyMemoGroup=«Бастау» мәзіріндегі қалта:
ReadyMemoTasks=Қосымша тапсырмалар:

; *** "Preparing to Install" wizard page
WizardPreparing=Орнатуға дайындық
PreparingDesc=[name] бағдарламасын компьютеріңізге орнатуға дайындық жүріп жатыр.
PreviousInstallNotCompleted=Алдыңғы бағдарламаны орнату немесе жою аяқталмаған. Оны аяқтау үшін компьютерді қайта іске қосу керек.%n%nКомпьютер қайта іске қосылғаннан кейін [name] орнатуын аяқтау үшін орнатуды қайта іске қосыңыз.
CannotContinue=Орнатуды жалғастыру мүмкін емес. Шығу үшін «Бас тарту» батырмасын басыңыз.
ApplicationsFound=Орнату жаңартуы тиіс файлдарды келесі бағдарламалар пайдаланып отыр. Орнату бағдарламасына оларды өзі жабуға рұқсат берген жөн.
ApplicationsFound2=Орнату жаңартуы тиіс файлдарды келесі бағдарламалар пайдаланып отыр. Орнату бағдарламасына оларды өзі жабуға рұқсат берген жөн. Орнату аяқталған соң, ол бағдарламаларды қайта іске қосуға тырысады.
CloseApplications=Бағдарламаларды &автоматты түрде жабу
DontCloseApplications=Бағдарламаларды &жаппау
ErrorCloseApplications=Барлық бағдарламаларды автоматты түрде жабу мүмкін болмады. Жалғастырмас бұрын орнату жаңартуы тиіс файлдарды пайдаланатын бағдарламалардың бәрін жабыңыз.

; *** "Installing" wizard page
WizardInstalling=Орнату
InstallingLabel=[name] компьютеріңізге орнатылып жатыр, күте тұрыңыз.

; *** "Setup Completed" wizard page
FinishedHeadingLabel=[name] орнату шеберінің жұмысы аяқталды
FinishedLabelNoIcons=[name] компьютеріңізге орнатылды.
FinishedLabel=[name] компьютеріңізге орнатылды. Бағдарламаны орнатылған таңбашалар арқылы іске қосуға болады.
ClickFinish=Орнатудан шығу үшін «Дайын» батырмасын басыңыз.
FinishedRestartLabel=[name] орнатуын аяқтау үшін компьютерді қайта іске қосу керек. Қазір қайта іске қосасыз ба?
FinishedRestartMessage=[name] орнатуын аяқтау үшін компьютерді қайта іске қосу керек.%n%nҚазір қайта іске қосасыз ба?
YesRadio=&Иә, компьютерді қазір қайта іске қосу
NoRadio=&Жоқ, компьютерді кейін қайта іске қосамын
RunEntryExec=%1 іске қосу
RunEntryShellExec=%1 қарау

; *** Installation phase messages
SetupAborted=Орнату аяқталмады.%n%nМәселені түзетіп, орнатуды қайта іске қосыңыз.
AbortRetryIgnoreSelectAction=Әрекетті таңдаңыз
AbortRetryIgnoreRetry=&Қайталау
AbortRetryIgnoreIgnore=&Қатені елемей жалғастыру
AbortRetryIgnoreCancel=Орнатудан бас тарту

; *** Installation status messages
StatusClosingApplications=Бағдарламалар жабылып жатыр...
StatusCreateDirs=Қалталар жасалып жатыр...
StatusExtractFiles=Файлдар шығарылып жатыр...
StatusCreateIcons=Таңбашалар жасалып жатыр...
StatusCreateIniEntries=INI жазбалары жасалып жатыр...
StatusCreateRegistryEntries=Тізілім жазбалары жасалып жатыр...
StatusRegisterFiles=Файлдар тіркеліп жатыр...
StatusSavingUninstall=Жоюға қажетті мәліметтер сақталып жатыр...
StatusRunProgram=Орнату аяқталып жатыр...
StatusRestartingApplications=Бағдарламалар қайта іске қосылып жатыр...
StatusRollback=Өзгерістер кері қайтарылып жатыр...

; *** Misc. errors
ErrorInternal2=Ішкі қате: %1
ErrorFunctionFailedNoCode=%1 орындалмады
ErrorFunctionFailed=%1 орындалмады; коды %2
ErrorFunctionFailedWithMessage=%1 орындалмады; коды %2.%n%3
ErrorExecutingProgram=Файлды іске қосу мүмкін болмады:%n%1

; *** File copying errors
SourceIsCorrupted=Бастапқы файл бүлінген
SourceDoesntExist=«%1» бастапқы файлы жоқ
ExistingFileReadOnly2=Бар файлды ауыстыру мүмкін болмады: ол «тек оқу үшін» деп белгіленген.
ExistingFileReadOnlyRetry=«Тек оқу үшін» белгісін алып, &қайталау
ExistingFileReadOnlyKeepExisting=Бар файлды &қалдыру
ErrorReadingExistingDest=Бар файлды оқу кезінде қате пайда болды:
FileExistsSelectAction=Әрекетті таңдаңыз
FileExists2=Файл бұрыннан бар.
FileExistsOverwriteExisting=Бар файлды &қайта жазу
FileExistsKeepExisting=Бар файлды &қалдыру
FileExistsOverwriteOrKeepAll=Келесі қайшылықтарда да &осылай істеу
ExistingFileNewerSelectAction=Әрекетті таңдаңыз
ExistingFileNewer2=Бар файл орнатылатын файлдан жаңа.
ExistingFileNewerOverwriteExisting=Бар файлды &қайта жазу
ExistingFileNewerKeepExisting=Бар файлды &қалдыру (ұсынылады)
ExistingFileNewerOverwriteOrKeepAll=Келесі қайшылықтарда да &осылай істеу
ErrorCreatingTemp=Орнату қалтасында файл жасау кезінде қате пайда болды:
ErrorReadingSource=Бастапқы файлды оқу кезінде қате пайда болды:
ErrorCopying=Файлды көшіру кезінде қате пайда болды:
ErrorReplacingExistingFile=Бар файлды ауыстыру кезінде қате пайда болды:
ErrorRenamingTemp=Орнату қалтасындағы файлдың атын өзгерту кезінде қате пайда болды:

; *** Uninstall display name markings
UninstallDisplayNameMarkCurrentUser=ағымдағы пайдаланушы

; *** Post-installation errors
ErrorRestartingComputer=Компьютерді қайта іске қосу мүмкін болмады. Мұны қолмен жасаңыз.

; *** Uninstaller messages
UninstallNotFound=«%1» файлы жоқ. Бағдарламаны жою мүмкін емес.
UninstallOpenError=«%1» файлын ашу мүмкін болмады. Бағдарламаны жою мүмкін емес
ConfirmUninstall=%1 бағдарламасын және оның барлық құрамдас бөліктерін толығымен жоясыз ба?
UninstallStatusLabel=%1 компьютеріңізден жойылып жатыр, күте тұрыңыз.
UninstalledAll=%1 компьютеріңізден толық жойылды.
UninstalledMost=%1 жою аяқталды.%n%nКейбір элементтерді жою мүмкін болмады. Оларды қолмен жоюға болады.
UninstalledAndNeedsRestart=%1 жоюды аяқтау үшін компьютерді қайта іске қосу керек.%n%nҚазір қайта іске қосасыз ба?
UninstallDataCorrupted=«%1» файлы бүлінген. Бағдарламаны жою мүмкін емес

; *** Uninstallation phase messages
WizardUninstalling=Жою барысы
StatusUninstalling=%1 жойылып жатыр...

; *** Shutdown block reasons
ShutdownBlockReasonInstallingApp=%1 орнатылып жатыр.
ShutdownBlockReasonUninstallingApp=%1 жойылып жатыр.

[CustomMessages]

NameAndVersion=%1, %2 нұсқасы
AdditionalIcons=Қосымша таңбашалар:
CreateDesktopIcon=&Жұмыс үстелінде таңбаша жасау
ProgramOnTheWeb=%1 интернетте
UninstallProgram=%1 бағдарламасын жою
LaunchProgram=%1 іске қосу
AutoStartProgramGroupDescription=Іске қосылу:
AutoStartProgram=%1 автоматты түрде іске қосу
