// After the consumer's build: the processors ran from annotationProcessorPaths (the README's setup).
def generated = new File(basedir, 'target/generated-sources/annotations/com/example/greeting/Greeting_Teleport.java')
assert generated.isFile() : "the @Teleport processor did not run: no ${generated}"
def chain = new File(basedir, 'target/generated-sources/annotations/com/example/greeting/GreetingChain_Cim.java')
assert chain.isFile() : "the @MiddlewareChain processor did not run: no ${chain}"
def compiled = new File(basedir, 'target/classes/com/example/greeting/Greeting_Teleport.class')
assert compiled.isFile() : "no ${compiled}"
def reports = new File(basedir, 'target/surefire-reports/TEST-com.example.greeting.GreetingTest.xml')
assert reports.isFile() : "GreetingTest did not run"
assert reports.text.contains('tests="4"') && reports.text.contains('failures="0"') && reports.text.contains('errors="0"')
true
