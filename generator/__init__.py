"""Static site generator for the archive of government information-disclosure annual reports.

Importing the package does nothing but define the version; every stage lives in its
own module (see README "Pipeline").
"""

__version__ = "0.1.0"
