"""HTML pages: thin routes that call the services and render templates."""
