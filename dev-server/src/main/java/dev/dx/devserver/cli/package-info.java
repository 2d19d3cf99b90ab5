/** The {@code dx-dev} command line (picocli): {@code dx-dev serve [DIR] --port --jdbc-url --workers --backend}. */
package dev.dx.devserver.cli;
